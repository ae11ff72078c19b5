package dev.reelrank.functions.reranking;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.ConnectingFeatureStore;
import dev.reelrank.model.FeatureStore;
import io.quarkus.runtime.Startup;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionStage;

/**
 * The feature store over the Quarkus Cassandra session and Redis client. The session connects in
 * the background, so the function starts and answers while Cassandra is down; reads fail fast until
 * then, which the ranker treats as "features unavailable" (see {@link ConnectingFeatureStore}).
 */
public class FeatureStoreProducers {

    @Produces
    @Startup
    @Singleton
    FeatureStore features(CompletionStage<QuarkusCqlSession> session, Redis redis, FeatureStoreSettings settings) {
        return new ConnectingFeatureStore(session, redis, settings.toConfig());
    }
}
