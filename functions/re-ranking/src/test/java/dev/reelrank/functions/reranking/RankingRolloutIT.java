package dev.reelrank.functions.reranking;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.ModelRollouts;
import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.Surface;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Ranking rollouts under load: Rank is called from several threads without pause while
 * model-rollouts names another version (a real Kafka topic, real trained MMoE versions on disk):
 * from the heuristic (no learned version at start) to a first learned one, then to a second. No
 * call fails, every answer names a version that was rolled out, no thread sees an older version
 * once it saw a newer one; a version that cannot be loaded changes nothing.
 */
@QuarkusTest
@TestProfile(RankingRolloutIT.Rollouts.class)
class RankingRolloutIT {
    static final String RUN = "rr-" + UUID.randomUUID().toString().substring(0, 8);
    static final String TOPIC = "model-rollouts-it-" + RUN;
    static final String BOOTSTRAP = System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092");
    static final List<String> VERSIONS = TinyModels.versions("mmoe-" + RUN);

    static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("reelrank-ranking-rollout-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An empty models folder at start. The versions are trained by the test itself: PyTorch's native
     * library binds to the first class loader that loads it, which must be the application's.
     */
    public static class Rollouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            {
                Path root = ROOT;
                return Map.of("reelrank.ranking.model", "mmoe", "reelrank.ranking.mmoe.dir", root.toString(),
                        "reelrank.ranking.rollouts.enabled", "true", "reelrank.ranking.rollouts.topic", TOPIC,
                        "reelrank.ranking.rollouts.retry-delay", "200ms");
            }
        }
    }

    @GrpcClient("ranking")
    RankingServiceGrpc.RankingServiceBlockingStub ranking;

    private RankRequest request(int n) {
        var b = RankRequest.newBuilder().setRequestId(RUN + "-" + n).setUserId(RUN + "-user")
                .setContext(RankContext.newBuilder().setSurface(Surface.home).setDevice("web").setRegion("US"));
        for (int i = 0; i < 40; i++) b.addCandidates(RankCandidate.newBuilder().setVideoId(RUN + "-v" + i).addSources("ann"));
        return b.build();
    }

    @Test
    void switchesUnderLoadWithoutErrorsOrMixedVersions() throws Exception {
        String first = VERSIONS.get(0), second = VERSIONS.get(1);
        // The Cassandra session connects in the background: the first calls may be UNAVAILABLE.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertEquals("heuristic-v0", ranking.rank(request(0)).getModelVersion(), "no learned version yet"));
        TinyModels.train(ROOT, first, 1);
        TinyModels.train(ROOT, second, 2);
        ModelRollouts.ensureTopic(BOOTSTRAP, TOPIC);
        ModelRollouts.publish(BOOTSTRAP, TOPIC, new ModelRollout(ModelRollout.RANKING, first, null, 0, Instant.now(), "publish"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ranking.rank(request(0)).getModelVersion().equals(first));

        var stop = new AtomicBoolean();
        var errors = new ConcurrentLinkedQueue<Throwable>();
        var seen = Collections.synchronizedList(new ArrayList<List<String>>());
        var pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            var mine = new ArrayList<String>();
            seen.add(mine);
            pool.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    try {
                        var answer = ranking.withDeadlineAfter(10, TimeUnit.SECONDS).rank(request(++n));
                        assertEquals(40, answer.getScoresCount());
                        answer.getScoresList().forEach(s -> assertEquals(answer.getObjectivesCount(), s.getScoresCount()));
                        synchronized (mine) {
                            mine.add(answer.getModelVersion());
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            });
        }
        try {
            ModelRollouts.publish(BOOTSTRAP, TOPIC, new ModelRollout(ModelRollout.RANKING, second, first, 0, Instant.now(), "publish"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> seen.stream().allMatch(l -> {
                        synchronized (l) {
                            return !l.isEmpty() && l.getLast().equals(second);
                        }
                    }));

            // A version that is not on disk: the served one stays, calls keep succeeding.
            ModelRollouts.publish(BOOTSTRAP, TOPIC, new ModelRollout(ModelRollout.RANKING, "mmoe-" + RUN + "-missing", second, 0,
                    Instant.now(), "publish"));
            int before = seen.stream().mapToInt(List::size).sum();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().mapToInt(List::size).sum() > before + 200);
        } finally {
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }

        assertTrue(errors.isEmpty(), "calls failed during the rollout: " + errors.stream().limit(3).toList());
        for (List<String> versions : seen) {
            assertTrue(versions.stream().allMatch(v -> v.equals(first) || v.equals(second)), "unexpected version: " + versions);
            int switched = versions.indexOf(second);
            assertTrue(switched >= 0, "never saw " + second);
            assertTrue(versions.subList(switched, versions.size()).stream().allMatch(second::equals),
                    "the old version came back after the switch");
            assertEquals(second, versions.getLast(), "a failed rollout must not change what serves");
        }
    }
}
