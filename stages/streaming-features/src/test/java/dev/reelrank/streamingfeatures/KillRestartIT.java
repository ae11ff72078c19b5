package dev.reelrank.streamingfeatures;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kill test: the job runs as a separate JVM (embedded local mode, as {@code scripts/streaming-features}
 * runs it), is killed with SIGKILL mid-stream after at least one completed checkpoint, and is
 * started again; it resumes from the newest checkpoint on disk, and every video's totals then
 * equal exactly the events produced for it: nothing lost, nothing counted twice.
 */
class KillRestartIT {
    private static final Action[] ACTIONS = {Action.impression, Action.impression, Action.click, Action.watch, Action.like};
    private static Stack stack;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> videos = new ArrayList<>();
    private final Path checkpoints = Path.of("target/kill-checkpoints", run).toAbsolutePath();
    private final String prefix = "it-trend-decay:" + run + ":";
    private final long startAt = System.currentTimeMillis() - 1;

    @BeforeAll
    static void open() throws Exception {
        stack = new Stack();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void killedMidStreamAndRestartedItCountsEveryEventExactlyOnce() throws Exception {
        for (int i = 0; i < 6; i++) videos.add("sf-kill-" + run + "-v" + i);
        VideoStatsDelta[] expected = new VideoStatsDelta[videos.size()];
        java.util.Arrays.fill(expected, VideoStatsDelta.NONE);
        AtomicInteger next = new AtomicInteger();
        int before = 3_000, during = 30_000, batch = 500;

        produce(before, next, expected);
        Process first = start("a");
        Process second = null;
        try {
            // Mid-stream: the first events are counted and a checkpoint has completed.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> counted() > 0 && Checkpoints.latest(checkpoints).isPresent());
            Optional<Path> firstCheckpoint = Checkpoints.latest(checkpoints);
            // More events while the job runs; kill it while it is counting them.
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                for (int sent = 0; sent < during; sent += batch) produce(batch, next, expected);
            });
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> counted() > before && !Checkpoints.latest(checkpoints).equals(firstCheckpoint));
            first.destroyForcibly();   // SIGKILL: no cancellation, no last flush
            first.waitFor();
            long atKill = counted();
            boolean stillProducing = !producing.isDone();
            producing.join();
            System.out.printf("kill test %s: killed with %d of %d events written (producer still running: %s)%n",
                    run, atKill, before + during, stillProducing);

            second = start("b");
            long total = before + during;
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300)).until(() -> counted() >= total);
            for (int i = 0; i < videos.size(); i++) assertEquals(expected[i], totals(videos.get(i)), videos.get(i));
            // And it stays exact: no late double counting once the restarted job has caught up.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> counted() == total);
            String log = Files.readString(log("b"));
            assertTrue(log.contains("streaming-features: restoring from " + checkpoints), log);
        } finally {
            first.destroyForcibly();
            if (second != null) second.destroyForcibly();
            stack.delete(prefix + "global", prefix + "R" + run);
        }
    }

    /** Produces {@code n} interactions round-robin over the videos, adding them to {@code expected}. */
    private void produce(int n, AtomicInteger next, VideoStatsDelta[] expected) {
        for (int k = 0; k < n; k++) {
            int j = next.getAndIncrement();
            int v = j % videos.size();
            Action a = ACTIONS[(j / videos.size()) % ACTIONS.length];
            double watch = a == Action.watch ? 20 : 0;
            stack.producer.send(Stack.interaction("u" + (j % 97), videos.get(v), a, watch, "R" + run));
            synchronized (expected) {
                expected[v] = expected[v].plus(VideoStatsDelta.of(Interaction.newBuilder().setAction(a).setWatchSeconds(watch).build()));
            }
        }
        stack.producer.flush();
    }

    /** Events counted in the stored totals of all of this run's videos. */
    private long counted() {
        long n = 0;
        for (String v : videos) {
            VideoStatsDelta d = totals(v);
            n += d.impressions() + d.clicks() + d.views() + d.likes();
        }
        return n;
    }

    private VideoStatsDelta totals(String video) {
        Row r = stack.rows(video).get("total");
        return r == null ? VideoStatsDelta.NONE : Stack.counters(r);
    }

    private Path log(String name) {
        return Path.of("target", "kill-" + run + "-" + name + ".log");
    }

    /** The job in its own JVM, on this test's class path. */
    private Process start(String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path")));
        for (String[] p : new String[][] {
                {"group-id", "it-kill-" + run}, {"starting-offsets", "timestamp:" + startAt},
                {"checkpoint-dir", checkpoints.toString()}, {"checkpoint-interval", "PT1S"}, {"flush-interval", "PT0.3S"},
                {"trending-key-prefix", prefix}, {"restore", "latest"}, {"progress-interval", "PT2S"}}) {
            cmd.add("-D" + StreamingFeaturesConfig.PREFIX + p[0] + "=" + p[1]);
        }
        cmd.add(StreamingFeaturesJob.class.getName());
        File out = log(name).toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    }
}
