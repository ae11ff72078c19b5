package dev.reelrank.functions.feedassembly;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.ConnectingFeatureStore;
import dev.reelrank.featurestore.NegativeFeedbackConfig;
import dev.reelrank.featurestore.redis.RedisNegativeFeedback;
import dev.reelrank.model.NegativeFeedback;
import dev.reelrank.model.RetrievalSignals;
import io.quarkus.runtime.Startup;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * The feature store and retrieval signals over the Quarkus Cassandra session and Redis client.
 * The session connects in the background, so the function starts and serves the cached popular
 * feed while Cassandra is down; reads fail fast until then (see {@link ConnectingFeatureStore}).
 */
public class FeatureStoreProducers {

    @Produces
    @Startup
    @Singleton
    ConnectingFeatureStore features(CompletionStage<QuarkusCqlSession> session, Redis redis, FeatureStoreSettings settings,
                                    RetrievalSettings retrieval) {
        // Popularity prefers the streaming job's decayed sets, which trending reads too: one setting names them for both.
        return new ConnectingFeatureStore(session, redis, settings.toConfig(), retrieval.signals().toConfig().trendDecay(),
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    RetrievalSignals signals(ConnectingFeatureStore features, RetrievalSettings settings) {
        return features.signals(settings.signals().toConfig(), Clock.systemUTC());
    }

    /**
     * The recent "not interested" and watches that event-ingestion records, read on every request
     * beside the user read. Its own timeout, longer than the user read's: past it the feed shows
     * what the user just refused or watched, while a slow user read only falls back to Cassandra.
     */
    @Produces
    @Singleton
    NegativeFeedback negativeFeedback(Redis redis, NegativeFeedbackSettings settings) {
        var config = NegativeFeedbackConfig.defaults().withTimeout(settings.timeout());
        return new RedisNegativeFeedback(redis, config, Clock.systemUTC());
    }
}
