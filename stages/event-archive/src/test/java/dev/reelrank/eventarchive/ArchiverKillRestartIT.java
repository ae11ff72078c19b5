package dev.reelrank.eventarchive;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.LoggedEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across real crashes, against the stack's Kafka: the archiver runs as a child JVM
 * that (A) halts itself after a batch's files are renamed but before the offset commit, then (B)
 * is SIGKILLed while events are still streaming in, then (C) runs to the end. Every event,
 * including client retries of the same source + id, must be in the archive exactly once.
 */
class ArchiverKillRestartIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String INTERACTIONS = "it-archive-" + RUN + "-interactions";
    private static final String VIDEOS = "it-archive-" + RUN + "-videos";
    private static final String GROUP = "it-archiver-" + RUN;
    private static final Path ROOT = Path.of("target", "it-archive-" + RUN).toAbsolutePath();
    private static final byte[] KEY = TestEvents.key(0x5a);
    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");

    private static StackKafka kafka;

    @BeforeAll
    static void topics() throws Exception {
        kafka = new StackKafka();
        kafka.createTopics(Map.of(INTERACTIONS, 3, VIDEOS, 2));
    }

    @AfterAll
    static void cleanUp() {
        if (kafka == null) return;
        kafka.deleteTopics(List.of(INTERACTIONS, VIDEOS));
        kafka.close();
    }

    private static List<LoggedEvent> interactions(int from, int to) {
        var events = new ArrayList<LoggedEvent>();
        // 37 s apart: 12,000 events span about five days, so batches cross date folders.
        for (int n = from; n < to; n++) events.add(TestEvents.interaction(RUN, n, 400, START.plusSeconds(37L * n)));
        return events;
    }

    /** Client retries: the same events (same source + id) sent again. */
    private static List<LoggedEvent> retriesOf(List<LoggedEvent> events, int every) {
        var again = new ArrayList<LoggedEvent>();
        for (int i = 0; i < events.size(); i += every) again.add(events.get(i));
        return again;
    }

    private static Process start(String name, int haltAfterBatches) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new ArrayList<>(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                "-Darchive.bootstrap=" + StackKafka.BOOTSTRAP,
                "-Darchive.group=" + GROUP,
                "-Darchive.interactions-topic=" + INTERACTIONS,
                "-Darchive.videos-topic=" + VIDEOS,
                "-Darchive.root=" + ROOT,
                "-Darchive.key=" + Base64.getEncoder().encodeToString(KEY),
                "-Darchive.max-records-per-file=400",
                "-Darchive.flush-ms=300",
                "-Darchive.halt-after-batches=" + haltAfterBatches,
                ArchiverProcess.class.getName()));
        File log = ROOT.resolveSibling("it-archive-" + RUN + "-" + name + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    @Test
    void killedAndRestartedArchiverLosesNothingAndDuplicatesNothing() throws Exception {
        var expectedInteractions = new HashSet<String>();
        var expectedVideos = new HashSet<String>();

        // Phase 1, before any archiver runs: 6,000 interactions, 300 videos, 5% sent twice.
        var phase1 = interactions(0, 6_000);
        var videos = new ArrayList<LoggedEvent>();
        for (int n = 0; n < 300; n++) videos.add(TestEvents.video(RUN, n, START.plusSeconds(3_600L * n)));
        kafka.publish(INTERACTIONS, phase1);
        kafka.publish(INTERACTIONS, retriesOf(phase1, 20));
        kafka.publish(VIDEOS, videos);
        kafka.publish(VIDEOS, retriesOf(videos, 20));
        phase1.forEach(e -> expectedInteractions.add(e.id()));
        videos.forEach(e -> expectedVideos.add(e.id()));

        // A: dies right after the third batch's files are renamed, before their commit.
        Process a = start("a", 3);
        assertTrue(a.waitFor(120, TimeUnit.SECONDS), "archiver A did not halt");
        assertEquals(ArchiverProcess.HALT_EXIT_CODE, a.exitValue(), "archiver A should have halted itself");
        var namesAfterA = relativeNames();
        assertFalse(namesAfterA.isEmpty(), "A wrote nothing before halting");

        // B: runs while phase 2 streams in, and is SIGKILLed in the middle of it.
        var phase2 = interactions(6_000, 12_000);
        phase2.forEach(e -> expectedInteractions.add(e.id()));
        Process b = start("b", 0);
        int filesBeforeB = ArchiveFiles.countData(ROOT);
        await().atMost(Duration.ofSeconds(120)).until(() -> ArchiveFiles.countData(ROOT) > filesBeforeB); // B owns the partitions
        var producing = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < phase2.size(); i += 100) {
                    var slice = phase2.subList(i, Math.min(phase2.size(), i + 100));
                    kafka.publish(INTERACTIONS, slice);
                    kafka.publish(INTERACTIONS, retriesOf(slice, 25));
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // about 1,000 events/s for 6 s
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        int filesAtStreamStart = ArchiveFiles.countData(ROOT);
        await().atMost(Duration.ofSeconds(60)).until(() -> ArchiveFiles.countData(ROOT) >= filesAtStreamStart + 6);
        boolean stillProducing = !producing.isDone();
        b.destroyForcibly(); // SIGKILL, while events keep arriving and a batch is being written or buffered
        assertTrue(b.waitFor(30, TimeUnit.SECONDS));
        assertTrue(stillProducing, "B should have been killed while phase 2 was still streaming in");

        // C: restarts and catches up with everything.
        Process c = start("c", 0);
        producing.get(120, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.caughtUp(GROUP, List.of(INTERACTIONS, VIDEOS)));
        c.destroy(); // SIGTERM: a graceful stop
        assertTrue(c.waitFor(30, TimeUnit.SECONDS));

        try (var db = new DuckDb()) {
            String ti = DuckDb.table(ROOT, ArchiveTable.INTERACTIONS);
            String tv = DuckDb.table(ROOT, ArchiveTable.VIDEOS);
            assertEquals(expectedInteractions.size(), db.count("SELECT count(*) FROM " + ti));
            assertEquals(expectedInteractions.size(), db.count("SELECT count(DISTINCT (event_source, event_id)) FROM " + ti));
            assertEquals(expectedInteractions, ids(db, ti));
            assertEquals(expectedVideos.size(), db.count("SELECT count(*) FROM " + tv));
            assertEquals(expectedVideos, ids(db, tv));
            // Event-time partitions: the folder's date is the UTC day of occurred_at.
            assertEquals(0, db.count("SELECT count(*) FROM " + ti + " WHERE date <> (occurred_at AT TIME ZONE 'UTC')::DATE"));
            assertTrue(db.count("SELECT count(DISTINCT date) FROM " + ti) >= 5);
        }
        // The batch A wrote but never committed was written again under the same names: nothing A left is orphaned.
        assertTrue(relativeNames().containsAll(namesAfterA));
        assertNoOverlappingOffsets(ArchiveTable.INTERACTIONS);
        assertNoOverlappingOffsets(ArchiveTable.VIDEOS);
        assertTrue(ArchiveFiles.all(ROOT.resolve(ArchiveTable.INTERACTIONS.folder)).stream()
                .allMatch(p -> p.toString().endsWith(".parquet")), "only complete .parquet files in the table folders");
    }

    private static Set<String> ids(DuckDb db, String table) throws Exception {
        var ids = new HashSet<String>();
        db.query("SELECT event_id FROM " + table).forEach(r -> ids.add((String) r.getFirst()));
        return ids;
    }

    private static Set<String> relativeNames() throws Exception {
        var names = new HashSet<String>();
        for (var t : ArchiveTable.values())
            for (Path p : ArchiveFiles.dataFiles(ROOT, t)) names.add(ROOT.relativize(p).toString());
        return names;
    }

    /** Within a table, two different batches of one partition never cover the same offset. */
    private static void assertNoOverlappingOffsets(ArchiveTable table) throws Exception {
        var byName = new HashMap<String, ArchiveLayout.OffsetRange>();
        for (Path p : ArchiveFiles.dataFiles(ROOT, table)) {
            String name = p.getFileName().toString();
            byName.put(name, ArchiveLayout.parseDataFileName(name));
        }
        var ranges = new ArrayList<>(byName.values());
        for (int i = 0; i < ranges.size(); i++)
            for (int j = i + 1; j < ranges.size(); j++)
                assertFalse(ranges.get(i).overlaps(ranges.get(j)), table + ": " + ranges.get(i) + " overlaps " + ranges.get(j));
        assertTrue(Files.isDirectory(ROOT.resolve("_archiver")));
    }
}
