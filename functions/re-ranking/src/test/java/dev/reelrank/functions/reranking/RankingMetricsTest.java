package dev.reelrank.functions.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** re-ranking's series under the catalogue's names and tags (docs/metrics.md). */
class RankingMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RankingMetrics metrics = new RankingMetrics(registry);

    @Test
    void rankCallsByModelVersionAndOutcomeWithSloBuckets() {
        metrics.rank("mmoe-20261201", RankingMetrics.OK, 4_000_000);
        metrics.rank("mmoe-20261201", RankingMetrics.OK, 40_000_000);
        metrics.rank("mmoe-20261201", RankingMetrics.UNAVAILABLE, 2_000_000);
        metrics.rank("heuristic-v0", RankingMetrics.INVALID_ARGUMENT, 100_000);

        var ok = registry.get("reelrank.rank.requests").tags("model_version", "mmoe-20261201", "outcome", "ok").timer();
        assertEquals(2, ok.count());
        assertEquals(1, registry.get("reelrank.rank.requests").tags("outcome", "unavailable").timer().count());
        assertEquals(1, registry.get("reelrank.rank.requests").tags("model_version", "heuristic-v0", "outcome", "invalid_argument").timer().count());
        var bounds = Arrays.stream(ok.takeSnapshot().histogramCounts()).map(CountAtBucket::bucket).toList();
        for (Duration slo : RankingMetrics.SLO) assertTrue(bounds.contains((double) slo.toNanos()), slo + " in " + bounds);
    }

    @Test
    void servedRankingVersionReplacedOnSwitch() {
        metrics.servedRanking("heuristic-v0");
        metrics.servedRanking("mmoe-20261201");
        assertEquals(1.0, registry.get("reelrank.model.served").tags("model", "ranking", "version", "mmoe-20261201").gauge().value());
        assertNull(registry.find("reelrank.model.served").tags("version", "heuristic-v0").gauge());
        assertEquals(1, registry.find("reelrank.model.served").gauges().size());
    }
}
