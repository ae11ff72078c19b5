package dev.reelrank.featurestore.cassandra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.featurestore.StackFixture;
import dev.reelrank.model.WorkClaims.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Claims of shared work against the real local Cassandra (lightweight transactions and TTLs). */
class WorkClaimsIT {
    private static final Duration LONG = Duration.ofMinutes(10);
    private static StackFixture stack;
    private static CassandraWorkClaims claims;
    private final String job = "it-" + UUID.randomUUID();

    @BeforeAll
    static void open() {
        stack = new StackFixture();
        claims = new CassandraWorkClaims(stack.session);
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void aUnitIsHeldByItsClaimantThenCompletedForEveryone() {
        assertEquals(Claim.TAKEN, claims.claim(job, 3, "a", LONG));
        assertEquals(Claim.HELD, claims.claim(job, 3, "b", LONG));
        assertEquals(Claim.TAKEN, claims.claim(job, 3, "a", LONG), "a retry by the holder keeps it");
        assertEquals(Claim.TAKEN, claims.claim(job, 4, "b", LONG), "other units stay free");

        claims.complete(job, 3, "a", LONG);
        assertEquals(Claim.COMPLETED, claims.claim(job, 3, "b", LONG));
        assertEquals(Claim.COMPLETED, claims.claim(job, 3, "a", LONG));
    }

    @Test
    void theClaimOfAReplicaThatStoppedRunsOutAndIsTakenOver() {
        // Cassandra expires TTLs on whole seconds, so a lease of n s lasts between n − 1 and n s.
        assertEquals(Claim.TAKEN, claims.claim(job, 0, "gone", Duration.ofSeconds(3)));
        assertEquals(Claim.HELD, claims.claim(job, 0, "b", LONG));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> claims.claim(job, 0, "b", LONG) == Claim.TAKEN);
        assertEquals(Claim.HELD, claims.claim(job, 0, "gone", LONG), "the lease is b's now");
    }

    @Test
    void replicasRacingForTheSameUnitsTakeEachExactlyOnce() throws Exception {
        int units = 20, replicas = 4;
        var winners = new ConcurrentHashMap<Integer, List<String>>();
        try (var pool = Executors.newFixedThreadPool(replicas)) {
            var futures = new ArrayList<Future<?>>();
            for (int r = 0; r < replicas; r++) {
                String owner = "r" + r;
                futures.add(pool.submit(() -> {
                    for (int u = 0; u < units; u++) {
                        if (claims.claim(job, u, owner, LONG) == Claim.TAKEN) {
                            winners.computeIfAbsent(u, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(owner);
                        }
                    }
                }));
            }
            for (var f : futures) f.get();
        }
        assertEquals(units, winners.size(), "every unit taken");
        winners.forEach((u, w) -> assertEquals(1, w.size(), "unit " + u + " taken by " + w));
    }
}
