package dev.reelrank.functions.embeddingrefresh;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.CassandraFeatureStore;
import dev.reelrank.featurestore.CassandraFeatures;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.RedisFeatures;
import dev.reelrank.featurestore.TieredFeatureStore;
import dev.reelrank.featurestore.TieredFeatureWriter;
import dev.reelrank.model.EngagementWeights;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the feature-store stage from the sessions of the Quarkus Cassandra and Redis extensions.
 * The beans are created on first use (the first consumed record, on a worker thread), so start-up
 * never blocks on a server that is not there yet.
 */
@ApplicationScoped
public class FeatureStoreProducers {

    @Produces
    @Singleton
    FeatureStoreConfig featureStoreConfig(FeatureStoreSettings settings) {
        return settings.toConfig();
    }

    @Produces
    @Singleton
    CassandraFeatures cassandraFeatures(QuarkusCqlSession session) {
        return new CassandraFeatures(session);
    }

    @Produces
    @Singleton
    RedisFeatures redisFeatures(Redis redis, FeatureStoreConfig config) {
        return new RedisFeatures(redis, config.redisTimeout());
    }

    @Produces
    @Singleton
    TieredFeatureStore tieredFeatureStore(CassandraFeatures cassandra, RedisFeatures redis, FeatureStoreConfig config) {
        return new TieredFeatureStore(cassandra, redis, config);
    }

    @Produces
    @Singleton
    TieredFeatureWriter tieredFeatureWriter(CassandraFeatures cassandra, RedisFeatures redis, FeatureStoreConfig config) {
        return new TieredFeatureWriter(cassandra, redis, config);
    }

    @Produces
    @Singleton
    CassandraFeatureStore cassandraFeatureStore(CassandraFeatures cassandra) {
        return new CassandraFeatureStore(cassandra);
    }

    @Produces
    @Singleton
    FeatureRefresher featureRefresher(CassandraFeatureStore durable, TieredFeatureStore cached, TieredFeatureWriter writer,
                                      RefreshSettings settings) {
        return new FeatureRefresher(durable, cached, writer, settings.toUpdater(EngagementWeights.DEFAULTS), EngagementWeights.DEFAULTS,
                new StoreRetry(settings.storeRetry().attempts(), settings.storeRetry().initialBackoff(), settings.storeRetry().maxBackoff()));
    }
}
