package dev.reelrank.functions.feedassembly;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.CassandraFeatures;
import dev.reelrank.featurestore.RedisFeatures;
import dev.reelrank.featurestore.TieredFeatureStore;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.Popularity;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import io.quarkus.runtime.Startup;
import io.vertx.redis.client.Redis;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The tiered feature store (Redis → Cassandra), built as soon as the Cassandra session is up.
 * The session connects in the background (reconnect-on-init), so the function starts and
 * serves the cached popular feed even while Cassandra is down; until then every read fails
 * fast, which the feed pipeline already treats as "dependency unavailable".
 */
@Startup
@Singleton
public class OnlineFeatures implements FeatureStore, Popularity {
    private final CompletionStage<QuarkusCqlSession> session;
    private final Redis redis;
    private final FeatureStoreSettings settings;
    private volatile TieredFeatureStore store;

    OnlineFeatures(CompletionStage<QuarkusCqlSession> session, Redis redis, FeatureStoreSettings settings) {
        this.session = session;
        this.redis = redis;
        this.settings = settings;
    }

    @Override
    public Optional<UserFeatures> user(String userId) {
        return store().user(userId);
    }

    @Override
    public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
        return store().videos(videoIds);
    }

    @Override
    public List<ScoredVideo> top(String scope, int n) {
        return store().top(scope, n);
    }

    private TieredFeatureStore store() {
        var s = store;
        if (s != null) return s;
        var cql = session.toCompletableFuture();
        if (!cql.isDone()) throw new IllegalStateException("Cassandra session not connected yet");
        synchronized (this) {
            if (store == null) {
                var config = settings.toConfig();
                store = new TieredFeatureStore(new CassandraFeatures(cql.join()),
                        new RedisFeatures(redis, config.redisTimeout()), config);
            }
            return store;
        }
    }
}
