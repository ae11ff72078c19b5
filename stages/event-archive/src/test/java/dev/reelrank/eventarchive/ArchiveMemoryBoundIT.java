package dev.reelrank.eventarchive;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.LoggedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A backlog spread over many partitions, each under its file size, with a flush interval far away:
 * the archiver must not hold it all (a 768m heap ran out that way on 18 partitions), but close the
 * fullest partitions' files early, and still archive every event exactly once.
 */
class ArchiveMemoryBoundIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aBacklogOnManyPartitionsIsArchivedWithinTheBufferBound() throws Exception {
        int total = 6_000, bound = 1_000;
        String interactions = "it-bound-" + RUN + "-interactions", videos = "it-bound-" + RUN + "-videos";
        Path root = Path.of("target", "it-bound-" + RUN).toAbsolutePath();
        try (var kafka = new StackKafka()) {
            kafka.createTopics(Map.of(interactions, 6, videos, 1));
            Instant start = Instant.parse("2026-11-20T00:00:00Z");
            var events = new ArrayList<LoggedEvent>();
            for (int n = 0; n < total; n++) events.add(TestEvents.interaction(RUN, n, 600, start.plusSeconds(n)));
            kafka.publish(interactions, events);

            // Files of up to 50,000 records and a 10-minute interval: without the bound nothing would be written.
            var settings = ArchiveConfig.defaults(StackKafka.BOOTSTRAP, root).withTopics(interactions, videos)
                    .withGroupId("it-bound-" + RUN).withFiles(50_000, Duration.ofMinutes(10), "zstd")
                    .withMaxBufferedRecords(bound);
            var archiver = new EventArchiver(settings, new Pseudonymizer(TestEvents.key(0x45)));
            var mostHeld = new AtomicInteger();
            var thread = Thread.ofPlatform().name("archiver-" + RUN).start(archiver);
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    mostHeld.accumulateAndGet(archiver.status().buffered(), Math::max);
                    return archiver.status().archived() + archiver.status().buffered() >= total
                            && archiver.status().archived() >= total - bound;
                });
                assertTrue(mostHeld.get() <= bound, "held " + mostHeld.get() + " records, bound " + bound);
                assertTrue(archiver.status().earlyFlushes() > 0, archiver.status().toString());
            } finally {
                archiver.stop();
                thread.join(Duration.ofSeconds(30));
                kafka.deleteTopics(List.of(interactions, videos));
            }
            // Stopping closes what was still held: every event once, none twice.
            assertEquals(total, archiver.status().archived(), archiver.status().toString());
            try (var db = new DuckDb()) {
                assertEquals(total, db.count("SELECT count(*) FROM " + DuckDb.table(root, ArchiveTable.INTERACTIONS)));
                assertEquals(total, db.count("SELECT count(DISTINCT event_id) FROM " + DuckDb.table(root, ArchiveTable.INTERACTIONS)));
            }
        }
    }
}
