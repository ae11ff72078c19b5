package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

/** feed-assembly's series under the catalogue's names and tags (docs/metrics.md), recorded on a plain registry. */
class FeedMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FeedMetrics metrics = new FeedMetrics(registry);
    private final FeedRequest request = FeedRequest.home("r1", "u1", 10, RequestContext.UNKNOWN);
    private final List<Candidate> candidates = List.of(Candidate.of("v1", "c1", 1, "ann"), Candidate.of("v2", "c1", 0.5, "ann"));

    @Test
    void feedRequestsByRouteSurfaceOutcomeAndFallbacksByReason() {
        var ok = new Feed("r1", "u1", "m1", false, null, List.of());
        var degraded = new Feed("r2", "u1", "m1", true, "ranking_timeout", List.of());
        metrics.request("home", "home", FeedMetrics.outcomeOf(ok), ok, 3_000_000);
        metrics.request("home", "home", FeedMetrics.outcomeOf(degraded), degraded, 30_000_000);
        metrics.request("up_next", "up_next", FeedMetrics.CLIENT_ERROR, null, 1_000_000);

        assertEquals(1, registry.get("reelrank.feed.requests").tags("route", "home", "surface", "home", "outcome", "ok").timer().count());
        assertEquals(1, registry.get("reelrank.feed.requests").tags("route", "home", "outcome", "fallback").timer().count());
        assertEquals(1, registry.get("reelrank.feed.requests").tags("route", "up_next", "outcome", "client_error").timer().count());
        assertEquals(1.0, registry.get("reelrank.feed.fallbacks").tags("route", "home", "reason", "ranking_timeout").counter().count());
        assertEquals(1, registry.find("reelrank.feed.fallbacks").counters().size(), "only degraded answers count as fallbacks");
    }

    @Test
    void latencyTimersCarryTheSloBuckets() {
        metrics.request("home", "home", FeedMetrics.OK, null, 7_000_000);
        var buckets = registry.get("reelrank.feed.requests").timer().takeSnapshot().histogramCounts();
        var bounds = Arrays.stream(buckets).map(CountAtBucket::bucket).toList();
        for (Duration slo : FeedMetrics.LatencyHistograms.SLO) {
            assertTrue(bounds.contains((double) slo.toNanos()), "bucket at " + slo + " in " + bounds);
        }
        double at10ms = Arrays.stream(buckets).filter(b -> b.bucket() == Duration.ofMillis(10).toNanos()).findFirst().orElseThrow().count();
        assertEquals(1.0, at10ms, "the 7 ms request falls in the 10 ms bucket");
    }

    @Test
    void rankingCallsByOutcome() {
        Ranker ok = (r, u, c) -> new Ranker.Ranking("mmoe-1", c);
        Ranker slow = (r, u, c) -> { throw new Ranker.Timeout("late"); };
        Ranker refused = (r, u, c) -> { throw new CircuitBreakerOpenException("open"); };
        Ranker broken = (r, u, c) -> { throw new IllegalStateException("unavailable"); };
        UserFeatures user = UserFeatures.getDefaultInstance();

        FeedPipeline.measured(ok, metrics).rank(request, user, candidates);
        assertThrows(Ranker.Timeout.class, () -> FeedPipeline.measured(slow, metrics).rank(request, user, candidates));
        assertThrows(Ranker.CircuitOpen.class, () -> FeedPipeline.measured(refused, metrics).rank(request, user, candidates));
        assertThrows(IllegalStateException.class, () -> FeedPipeline.measured(broken, metrics).rank(request, user, candidates));

        for (String outcome : List.of("ok", "timeout", "breaker_open", "error")) {
            assertEquals(1, registry.get("reelrank.ranking.latency").tags("outcome", outcome).timer().count(), outcome);
        }
    }

    @Test
    void sourcesTimedWithTheirCandidateCounts() {
        CandidateSource ann = new CandidateSource() {
            @Override public String name() { return "ann"; }
            @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) { return candidates; }
        };
        CandidateSource failing = new CandidateSource() {
            @Override public String name() { return "trending"; }
            @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) { throw new IllegalStateException("redis down"); }
        };
        new TimedSource(ann, metrics).retrieve(request, UserFeatures.getDefaultInstance(), 10);
        new TimedSource(ann, metrics).retrieve(request, UserFeatures.getDefaultInstance(), 10);
        assertThrows(IllegalStateException.class, () -> new TimedSource(failing, metrics).retrieve(request, UserFeatures.getDefaultInstance(), 10));

        assertEquals(2, registry.get("reelrank.retrieval.latency").tags("source", "ann").timer().count());
        var annCandidates = registry.get("reelrank.retrieval.candidates").tags("source", "ann").summary();
        assertEquals(2, annCandidates.count());
        assertEquals(4.0, annCandidates.totalAmount());
        assertEquals(1, registry.get("reelrank.retrieval.latency").tags("source", "trending").timer().count());
        assertEquals(0.0, registry.get("reelrank.retrieval.candidates").tags("source", "trending").summary().totalAmount());
    }

    @Test
    void breakerStateReadAtEachScrape() {
        var state = new AtomicReference<>(CircuitBreakerState.CLOSED);
        metrics.breaker("ranking", () -> RankingBreakerGauge.code(state.get()));
        var gauge = registry.get("reelrank.breaker.state").tags("breaker", "ranking").gauge();
        assertEquals(0.0, gauge.value());
        state.set(CircuitBreakerState.OPEN);
        assertEquals(2.0, gauge.value());
        state.set(CircuitBreakerState.HALF_OPEN);
        assertEquals(1.0, gauge.value());
    }

    @Test
    void servedRetrievalVersionIsOneLabelledSeries() {
        metrics.servedRetrieval("two-tower-v1");
        assertEquals(1.0, registry.get("reelrank.model.served").tags("model", "retrieval", "version", "two-tower-v1").gauge().value());
        metrics.servedRetrieval("two-tower-v2");
        assertEquals(1.0, registry.get("reelrank.model.served").tags("model", "retrieval", "version", "two-tower-v2").gauge().value());
        assertNull(registry.find("reelrank.model.served").tags("version", "two-tower-v1").gauge(), "the old version's series is gone");
        assertEquals(1, registry.find("reelrank.model.served").gauges().size());
    }
}
