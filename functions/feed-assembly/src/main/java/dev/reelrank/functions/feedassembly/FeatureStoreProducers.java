package dev.reelrank.functions.feedassembly;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.ConnectingFeatureStore;
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
    ConnectingFeatureStore features(CompletionStage<QuarkusCqlSession> session, Redis redis, FeatureStoreSettings settings) {
        return new ConnectingFeatureStore(session, redis, settings.toConfig());
    }

    @Produces
    @Singleton
    RetrievalSignals signals(ConnectingFeatureStore features, RetrievalSettings settings) {
        return features.signals(settings.signals().toConfig(), Clock.systemUTC());
    }
}
