package dev.reelrank.functions.feedassembly;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.CassandraFeatures;
import dev.reelrank.featurestore.RedisFeatures;
import dev.reelrank.featurestore.TieredRetrievalSignals;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals;
import io.vertx.redis.client.Redis;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Trending, channel uploads and fresh lists (Redis → Cassandra), built once the Cassandra session
 * is up; like {@link OnlineFeatures}, reads fail fast until then and the failed source counts as
 * empty.
 */
@Singleton
public class OnlineSignals implements RetrievalSignals {
    private final CompletionStage<QuarkusCqlSession> session;
    private final Redis redis;
    private final FeatureStoreSettings features;
    private final RetrievalSettings settings;
    private volatile TieredRetrievalSignals signals;

    OnlineSignals(CompletionStage<QuarkusCqlSession> session, Redis redis, FeatureStoreSettings features, RetrievalSettings settings) {
        this.session = session;
        this.redis = redis;
        this.features = features;
        this.settings = settings;
    }

    @Override
    public List<ScoredVideo> trending(String region, int n) {
        return signals().trending(region, n);
    }

    @Override
    public List<Upload> channelUploads(Collection<String> channelIds, int perChannel) {
        return signals().channelUploads(channelIds, perChannel);
    }

    @Override
    public List<Upload> fresh(FreshScope scope, String value, int n) {
        return signals().fresh(scope, value, n);
    }

    private TieredRetrievalSignals signals() {
        var s = signals;
        if (s != null) return s;
        var cql = session.toCompletableFuture();
        if (!cql.isDone()) throw new IllegalStateException("Cassandra session not connected yet");
        synchronized (this) {
            if (signals == null) {
                signals = new TieredRetrievalSignals(new CassandraFeatures(cql.join()),
                        new RedisFeatures(redis, features.toConfig().redisTimeout()), settings.signals().toConfig(), Clock.systemUTC());
            }
            return signals;
        }
    }
}
