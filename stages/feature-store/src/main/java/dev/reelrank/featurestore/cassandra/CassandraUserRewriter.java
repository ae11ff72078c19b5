package dev.reelrank.featurestore.cassandra;

import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.model.UserRewriter;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link UserRewriter} over Cassandra (the truth) and Redis (the cache). The new features are
 * written with the timestamp of the row that was read plus one microsecond: a write by the event
 * consumer after that read carries a later timestamp and wins even if it arrives first, so a
 * rewrite never undoes an interaction. The cached copy is deleted rather than overwritten, for the
 * same reason: the next read refills it from Cassandra's winner.
 */
public final class CassandraUserRewriter implements UserRewriter {
    private static final System.Logger LOG = System.getLogger(CassandraUserRewriter.class.getName());

    private final CassandraUsers users;
    private final RedisFeatures redis;

    /** @param redis null when there is no cache to invalidate */
    public CassandraUserRewriter(CassandraUsers users, RedisFeatures redis) {
        this.users = Objects.requireNonNull(users, "users");
        this.redis = redis;
    }

    @Override
    public Outcome rewrite(String userId, UnaryOperator<UserFeatures> change) {
        var stamped = Await.result(users.stampedUser(userId));
        if (stamped.isEmpty()) return Outcome.MISSING;
        UserFeatures current = stamped.get().features();
        UserFeatures next = change.apply(current);
        if (next == current) return Outcome.UNCHANGED;
        if (!userId.equals(next.getUserId())) throw new IllegalArgumentException("a rewrite of " + userId + " must keep its userId");
        Await.result(users.putUserAt(next, stamped.get().writtenMicros() + 1));
        if (redis != null) {
            try {
                Await.result(redis.delete(List.of(RedisFeatures.userKey(userId))));
            } catch (RuntimeException e) {
                // The cache keeps the previous features until their TTL or the user's next event;
                // their embedding is tagged with its version, which serving never mixes.
                LOG.log(System.Logger.Level.DEBUG, "cache of {0} not invalidated after a rewrite: {1}", userId, e.toString());
            }
        }
        return Outcome.REWRITTEN;
    }
}
