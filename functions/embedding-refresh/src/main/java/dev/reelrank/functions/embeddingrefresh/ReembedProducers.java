package dev.reelrank.functions.embeddingrefresh;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.cassandra.CassandraActiveUsers;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.cassandra.CassandraUserRewriter;
import dev.reelrank.featurestore.cassandra.CassandraWorkClaims;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.model.ActiveUsers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

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
    Reembedder reembedder(ActiveUsers active, QuarkusCqlSession session, CassandraFeatures cassandra, RedisFeatures redis,
                          ReembedSettings settings) {
        return new Reembedder(active, new CassandraUserRewriter(cassandra.users(), redis), new CassandraWorkClaims(session),
                replicaName(), settings, Clock.systemUTC());
    }

    /** The pod's name where there is one (Kubernetes sets HOSTNAME), made unique per start. */
    static String replicaName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "local");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
