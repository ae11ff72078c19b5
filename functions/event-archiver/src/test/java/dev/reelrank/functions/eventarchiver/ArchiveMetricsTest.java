package dev.reelrank.functions.eventarchiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** event-archiver's series under the catalogue's names and tags (docs/metrics.md). */
class ArchiveMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ArchiveMetrics metrics = new ArchiveMetrics(registry);

    @Test
    void httpDeliveriesCountedByOutcome() {
        metrics.committed();
        metrics.committed();
        metrics.deadLettered();

        assertEquals(2.0, registry.get("reelrank.archive.events").tags("outcome", "committed").functionCounter().count());
        assertEquals(1.0, registry.get("reelrank.archive.events").tags("outcome", "dead_lettered").functionCounter().count());
    }

    @Test
    void commitLagIsTheAgeOfTheLastCommitWhileRecordsWait() {
        Instant committed = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(0.0, ArchiveMetrics.commitLagSeconds(committed, 0, committed.plusSeconds(30)), "nothing pending");
        assertEquals(12.5, ArchiveMetrics.commitLagSeconds(committed, 7, committed.plusMillis(12_500)));
        assertEquals(0.0, ArchiveMetrics.commitLagSeconds(null, 7, committed), "loop not started");
    }
}
