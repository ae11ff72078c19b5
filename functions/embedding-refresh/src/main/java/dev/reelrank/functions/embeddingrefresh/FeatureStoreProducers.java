package dev.reelrank.functions.embeddingrefresh;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.FeatureStores;
import dev.reelrank.featurestore.cassandra.CassandraFeatureStore;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredFeatureStore;
import dev.reelrank.featurestore.tiered.TieredFeatureWriter;
import dev.reelrank.model.ActiveUsers;
import dev.reelrank.model.EngagementWeights;
import dev.reelrank.modelartifacts.DjlRuntime;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Builds the feature-store stage from the sessions of the Quarkus Cassandra and Redis extensions.
 * The beans are created on first use (the first consumed record, on a worker thread), so start-up
 * never blocks on a server that is not there yet.
 */
@ApplicationScoped
public class FeatureStoreProducers {
    private static final Logger LOG = Logger.getLogger(FeatureStoreProducers.class);

    @Produces
    @Singleton
    FeatureStoreConfig featureStoreConfig(FeatureStoreSettings settings) {
        return settings.toConfig();
    }

    @Produces
    @Singleton
    FeatureStores featureStores(QuarkusCqlSession session, Redis redis, FeatureStoreConfig config) {
        return new FeatureStores(session, redis, config);
    }

    @Produces
    @Singleton
    CassandraFeatures cassandraFeatures(FeatureStores stores) {
        return stores.cassandra();
    }

    @Produces
    @Singleton
    RedisFeatures redisFeatures(FeatureStores stores) {
        return stores.redis();
    }

    @Produces
    @Singleton
    TieredFeatureStore tieredFeatureStore(FeatureStores stores) {
        return stores.newStore();
    }

    @Produces
    @Singleton
    TieredFeatureWriter tieredFeatureWriter(FeatureStores stores, SignalSettings signals) {
        return stores.newWriter(signals.toConfig(), Clock.systemUTC());
    }

    /**
     * The model is loaded with the first interaction (about a second; the native libraries are
     * extracted once into the DJL cache). Without a model, users keep the embedding they have and
     * the feed computes one on request or goes without personalized ANN: a warning, not a crash.
     */
    @Produces
    @Singleton
    UserEmbedder userEmbedder(ModelSettings settings) {
        if (!settings.enabled()) return UserEmbedder.none();
        Path dir = Path.of(settings.dir());
        DjlRuntime.configure(settings.djlCacheDir());
        try {
            TwoTowerModel model = TwoTowerModel.loadVersionOrLatest(dir);
            LOG.infof("user embeddings: two-tower model %s from %s", model.version(), dir.toAbsolutePath().normalize());
            return new UserEmbedder(model);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("user embeddings off: no usable two-tower model at %s (%s)", dir.toAbsolutePath().normalize(), e.getMessage());
            return UserEmbedder.none();
        }
    }

    @Produces
    @Singleton
    VideoEmbedder videoEmbedder(UserEmbedder embedder, RefreshSettings settings,
                                @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        var s = settings.videoEmbeddings();
        // One video at a time, each awaited: no batching delay on the way to the index.
        var publisher = s.enabled() ? new dev.reelrank.eventlog.embeddings.EmbeddingPublisher(bootstrap, s.topic(),
                java.util.Map.of(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 0,
                        org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG, "embedding-refresh-video-embeddings")) : null;
        // Kafka is the log this function consumes: an outage of it is waited out, never a reason to skip a video.
        var untilKafkaAnswers = new StoreRetry(0, settings.storeRetry().initialBackoff(), settings.storeRetry().maxBackoff());
        return new VideoEmbedder(embedder, publisher, s.ackTimeout(), untilKafkaAnswers);
    }

    void closeVideoEmbedder(@jakarta.enterprise.inject.Disposes VideoEmbedder embedder) {
        embedder.close();
    }

    @Produces
    @Singleton
    CassandraFeatureStore cassandraFeatureStore(FeatureStores stores) {
        return stores.newDurableStore();
    }

    @Produces
    @Singleton
    FeatureRefresher featureRefresher(CassandraFeatureStore durable, TieredFeatureStore cached, TieredFeatureWriter writer,
                                      UserEmbedder embedder, RefreshSettings settings, ActiveUsers active) {
        var metadata = new VideoMetadataCache(cached, settings.videoCacheSize(), settings.videoCacheTtl(), Clock.systemUTC());
        return new FeatureRefresher(durable, metadata, writer, writer, embedder, settings.toUpdater(EngagementWeights.DEFAULTS), EngagementWeights.DEFAULTS,
                new StoreRetry(settings.storeRetry().attempts(), settings.storeRetry().initialBackoff(), settings.storeRetry().maxBackoff()),
                active, Clock.systemUTC(), settings.toLimits());
    }
}
