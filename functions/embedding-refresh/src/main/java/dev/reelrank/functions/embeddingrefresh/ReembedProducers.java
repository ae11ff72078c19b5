package dev.reelrank.functions.embeddingrefresh;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.CassandraActiveUsers;
import dev.reelrank.featurestore.CassandraFeatures;
import dev.reelrank.featurestore.CassandraUserRewriter;
import dev.reelrank.featurestore.RedisFeatures;
import dev.reelrank.model.ActiveUsers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The active-user log and the post-rollout re-embedding job, over the same Cassandra and Redis sessions. */
@ApplicationScoped
public class ReembedProducers {
    @Produces
    @Singleton
    ActiveUsers activeUsers(QuarkusCqlSession session, ReembedSettings settings) {
        return new CassandraActiveUsers(session, settings.rememberedUsers(), settings.pageSize());
    }

    @Produces
    @Singleton
    Reembedder reembedder(ActiveUsers active, CassandraFeatures cassandra, RedisFeatures redis, ReembedSettings settings) {
        return new Reembedder(active, new CassandraUserRewriter(cassandra, redis), settings, Clock.systemUTC());
    }
}
