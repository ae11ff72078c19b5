package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** embedding-refresh's series under the catalogue's names and tags (docs/metrics.md). */
class RefreshMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RefreshMetrics metrics = new RefreshMetrics(registry);

    @Test
    void foldedEventsByTopicAndOutcome() {
        metrics.folded("interactions", 98, 2);
        metrics.folded("interactions", 50, 0);
        metrics.folded("videos", 3, 1);

        assertEquals(148.0, registry.get("reelrank.fold.events").tags("topic", "interactions", "outcome", "applied").counter().count());
        assertEquals(2.0, registry.get("reelrank.fold.events").tags("topic", "interactions", "outcome", "dead_lettered").counter().count());
        assertEquals(3.0, registry.get("reelrank.fold.events").tags("topic", "videos", "outcome", "applied").counter().count());
        assertEquals(1.0, registry.get("reelrank.fold.events").tags("topic", "videos", "outcome", "dead_lettered").counter().count());
    }

    @Test
    void servedRetrievalVersionReplacedOnSwitch() {
        metrics.servedRetrieval(null);
        assertNull(registry.find("reelrank.model.served").gauge(), "no model: no series");
        metrics.servedRetrieval("two-tower-a");
        metrics.servedRetrieval("two-tower-b");
        assertEquals(1.0, registry.get("reelrank.model.served").tags("model", "retrieval", "version", "two-tower-b").gauge().value());
        assertEquals(1, registry.find("reelrank.model.served").gauges().size());
    }
}
