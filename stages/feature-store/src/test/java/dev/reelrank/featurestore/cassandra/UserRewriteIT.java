package dev.reelrank.featurestore.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.StackFixture;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.model.UserRewriter.Outcome;
import dev.reelrank.proto.v1.UserFeatures;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rewrites outside the event stream and the active-user log, against the real local Cassandra and Redis. */
class UserRewriteIT {
    private static StackFixture stack;
    private static CassandraFeatures cassandra;
    private static RedisFeatures redis;
    private static CassandraUserRewriter rewriter;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() {
        stack = new StackFixture();
        cassandra = new CassandraFeatures(stack.session);
        redis = new RedisFeatures(stack.redis(StackFixture.REDIS_URL), Duration.ofSeconds(2));
        rewriter = new CassandraUserRewriter(cassandra.users(), redis);
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    private static UserFeatures user(String id, long interactions, String embeddingVersion) {
        return UserFeatures.newBuilder().setUserId(id).setInteractionCount(interactions).setEmbeddingVersion(embeddingVersion).build();
    }

    @Test
    void rewriteReplacesTheStoredFeaturesAndDropsTheCachedCopy() {
        String id = "rw-" + run + "-a";
        UserFeatures stored = user(id, 3, "v1");
        Await.result(cassandra.users().putUser(stored));
        Await.result(redis.putUser(stored, Duration.ofMinutes(5)));

        Outcome outcome = rewriter.rewrite(id, u -> u.toBuilder().setEmbeddingVersion("v2").build());

        assertEquals(Outcome.REWRITTEN, outcome);
        assertEquals(Optional.of(user(id, 3, "v2")), Await.result(cassandra.users().user(id)));
        assertEquals(Optional.empty(), Await.result(redis.user(id)), "the cache refills from Cassandra on the next read");
    }

    @Test
    void aWriteAfterTheRewritesReadWinsEvenWhenTheRewriteLandsLast() {
        String id = "rw-" + run + "-b";
        Await.result(cassandra.users().putUser(user(id, 3, "v1")));

        // The event consumer folds a new interaction while the rewrite is between its read and its write.
        Outcome outcome = rewriter.rewrite(id, u -> {
            Await.result(cassandra.users().putUser(user(id, 4, "v1")));
            return u.toBuilder().setEmbeddingVersion("v2").build();
        });

        assertEquals(Outcome.REWRITTEN, outcome);
        assertEquals(Optional.of(user(id, 4, "v1")), Await.result(cassandra.users().user(id)),
                "the interaction survives; the user is re-embedded by its next event or the next rewrite");
    }

    @Test
    void nothingIsWrittenForAnUnchangedOrUnknownUser() {
        String id = "rw-" + run + "-c";
        UserFeatures stored = user(id, 1, "v2");
        Await.result(cassandra.users().putUser(stored));
        long written = Await.result(cassandra.users().stampedUser(id)).orElseThrow().writtenMicros();

        assertEquals(Outcome.UNCHANGED, rewriter.rewrite(id, u -> u));
        assertEquals(written, Await.result(cassandra.users().stampedUser(id)).orElseThrow().writtenMicros());
        assertEquals(Outcome.MISSING, rewriter.rewrite("rw-" + run + "-nobody", u -> u.toBuilder().setEmbeddingVersion("v2").build()));
    }

    @Test
    void activeUsersOfADayAreReadBackOncePerUserAcrossItsParts() {
        // A day far in the past that no other run marks, so the read-back is exactly this test's users.
        LocalDate day = LocalDate.of(1990, 1, 1).plusDays(Math.floorMod(run.hashCode(), 3000));
        var active = new CassandraActiveUsers(stack.session, 100, 7);
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "rw-" + run + "-u" + i).toList();
        for (String id : ids) {
            active.markActive(id, day);
            active.markActive(id, day);
        }
        List<String> read = new ArrayList<>();
        for (int part = 0; part < active.parts(); part++) active.users(day, part).forEach(read::add);

        assertEquals(ids.size(), read.size(), "each user once");
        assertEquals(new HashSet<>(ids), new HashSet<>(read));
        Set<String> firstPart = new HashSet<>();
        active.users(day, CassandraActiveUsers.partOf(ids.get(0))).forEach(firstPart::add);
        assertTrue(firstPart.contains(ids.get(0)));
        assertTrue(firstPart.stream().allMatch(id -> CassandraActiveUsers.partOf(id) == CassandraActiveUsers.partOf(ids.get(0))));
    }
}
