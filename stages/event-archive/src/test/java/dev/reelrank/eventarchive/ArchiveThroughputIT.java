package dev.reelrank.eventarchive;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.eventlog.LoggedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How fast one archiver drains a backlog on this machine, with the production codec (zstd) and
 * file limits; prints events/s and file sizes (and writes them to target/archive-throughput.txt).
 * Size with -Darchive.bench.events=N (default 100,000).
 */
class ArchiveThroughputIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void drainsABacklogOfInteractions() throws Exception {
        int total = Integer.getInteger("archive.bench.events", 100_000);
        String interactions = "it-bench-" + RUN + "-interactions", videos = "it-bench-" + RUN + "-videos";
        String group = "it-bench-" + RUN;
        Path root = Path.of("target", "it-bench-" + RUN).toAbsolutePath();
        try (var kafka = new StackKafka()) {
            kafka.createTopics(Map.of(interactions, 6, videos, 1));
            Instant start = Instant.parse("2026-11-20T00:00:00Z");
            long t0 = System.nanoTime();
            for (int from = 0; from < total; from += 10_000) {
                var chunk = new ArrayList<LoggedEvent>();
                for (int n = from; n < Math.min(total, from + 10_000); n++)
                    chunk.add(TestEvents.interaction(RUN, n, 20_000, start.plusSeconds(n * 5L)));
                kafka.publish(interactions, chunk);
            }
            double produceSeconds = (System.nanoTime() - t0) / 1e9;

            var settings = ArchiveConfig.defaults(StackKafka.BOOTSTRAP, root).withTopics(interactions, videos)
                    .withGroupId(group).withFiles(50_000, Duration.ofSeconds(2), "zstd");
            var archiver = new EventArchiver(settings, new Pseudonymizer(TestEvents.key(0x44)));
            long t1 = System.nanoTime();
            var thread = Thread.ofPlatform().name("archiver-" + RUN).start(archiver);
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> archiver.status().archived() >= total);
            } finally {
                archiver.stop();
                thread.join(Duration.ofSeconds(30));
                kafka.deleteTopics(List.of(interactions, videos));
            }
            double archiveSeconds = (System.nanoTime() - t1) / 1e9;
            var files = ArchiveFiles.dataFiles(root, ArchiveTable.INTERACTIONS);
            long bytes = 0;
            for (Path f : files) bytes += Files.size(f);
            String report = String.format(
                    "archive throughput: %,d interactions (6 partitions, zstd) archived in %.1f s = %,.0f events/s "
                            + "(incl. group join); produced at %,.0f events/s; %d files, %,d bytes total, %.1f bytes/event, "
                            + "%.0f KiB/file on average%n",
                    total, archiveSeconds, total / archiveSeconds, total / produceSeconds, files.size(), bytes,
                    (double) bytes / total, bytes / 1024.0 / files.size());
            System.out.print(report);
            Files.writeString(Path.of("target", "archive-throughput.txt"), report);
            assertEquals(total, archiver.status().archived());
            try (var db = new DuckDb()) {
                assertEquals(total, db.count("SELECT count(*) FROM " + DuckDb.table(root, ArchiveTable.INTERACTIONS)));
            }
        }
    }
}
