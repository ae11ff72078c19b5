package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Feed;
import dev.reelrank.model.telemetry.ServedModelSeries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * feed-assembly's series of docs/metrics.md, under exactly the catalogue's names and tags (a dashboard
 * and alert rules are written against them). The framework-free pipeline never sees Micrometer: the
 * wiring wraps its sources and ranker ({@link TimedSource}, {@link FeedPipeline#guarded}) and the
 * resource reports each answer here.
 */
@Singleton
public class FeedMetrics {
    /** The {@code function} tag of every series this function exports (see {@link FunctionTag}). */
    static final String FUNCTION = "feed-assembly";

    /** Outcomes of {@code reelrank.feed.requests}. */
    static final String OK = "ok", FALLBACK = "fallback", CLIENT_ERROR = "client_error", ERROR = "error";
    /** Outcomes of {@code reelrank.ranking.latency}. */
    static final String TIMEOUT = "timeout", BREAKER_OPEN = "breaker_open";

    private final MeterRegistry registry;
    private final ServedModelSeries<Gauge> servedRetrieval;
    // Each feed records ~10 series. Registering a builder looks the meter up through the registry's
    // filters every time (4.6 % of this function's CPU under a feed load); the tag values are a small
    // fixed set, so each meter is looked up once and kept.
    private final ConcurrentHashMap<List<String>, Timer> requestTimers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Counter> fallbackCounters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> rankingTimers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SourceMeters> sourceMeters = new ConcurrentHashMap<>();

    private record SourceMeters(Timer latency, DistributionSummary candidates) {}

    public FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.servedRetrieval = new ServedModelSeries<>("retrieval", tags -> Gauge.builder(ServedModelSeries.NAME, () -> 1)
                .description(ServedModelSeries.DESCRIPTION).tags(tags.toArray(String[]::new)).strongReference(true)
                .register(registry), registry::remove);
    }

    /** One answered (or refused) feed request; {@code feed} null when there was none (client error, error). */
    void request(String route, String surface, String outcome, Feed feed, long nanos) {
        requestTimers.computeIfAbsent(List.of(route, surface, outcome), k ->
                LatencyHistograms.timer("reelrank.feed.requests", "Feed requests by route, surface and outcome")
                        .tags("route", route, "surface", surface, "outcome", outcome).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (feed != null && feed.fallback()) {
            String reason = feed.fallbackReason() == null ? "unknown" : feed.fallbackReason();
            fallbackCounters.computeIfAbsent(List.of(route, reason), k ->
                    Counter.builder("reelrank.feed.fallbacks").description("Degraded feed answers by the response's fallback reason")
                            .tags("route", route, "reason", reason).register(registry))
                    .increment();
        }
    }

    /** The outcome of a feed answered by the service: a degraded answer is a fallback, not an error. */
    static String outcomeOf(Feed feed) {
        return feed.fallback() ? FALLBACK : OK;
    }

    /** One call to re-ranking as this function saw it (client side of the gRPC hop). */
    void ranking(String outcome, long nanos) {
        rankingTimers.computeIfAbsent(outcome, k -> LatencyHistograms.timer("reelrank.ranking.latency", "Calls to re-ranking by outcome")
                .tags("outcome", outcome).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One candidate source's call for one feed; a failed call proposed 0 candidates. */
    void source(String source, long nanos, int candidates) {
        SourceMeters meters = sourceMeters.computeIfAbsent(source, k -> new SourceMeters(
                LatencyHistograms.timer("reelrank.retrieval.latency", "Candidate source calls by source")
                        .tags("source", source).register(registry),
                DistributionSummary.builder("reelrank.retrieval.candidates").description("Candidates proposed per source call")
                        // No base unit: Prometheus would append it to the name (the catalogue's is reelrank_retrieval_candidates_*).
                        .tags("source", source).register(registry)));
        meters.latency().record(nanos, TimeUnit.NANOSECONDS);
        meters.candidates().record(candidates);
    }

    /** The breaker's state as 0 closed, 1 half-open, 2 open (read at each scrape). */
    void breaker(String name, Supplier<Number> state) {
        Gauge.builder("reelrank.breaker.state", state).description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                .tags("breaker", name).strongReference(true).register(registry);
    }

    /** The retrieval model version served from now on (null: none). */
    void servedRetrieval(String version) {
        servedRetrieval.serving(version);
    }

    /** Latency timers publish a percentile histogram (Prometheus: histogram_quantile) with fixed SLO buckets. */
    static final class LatencyHistograms {
        /**
         * Bucket bounds every latency histogram has exactly, whatever Micrometer's own generated ones:
         * the feed's latency budget (p99 well under 250 ms) and its breakdown read directly off these.
         */
        static final Duration[] SLO = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};
        /** Micrometer's generated buckets are kept to this range so a series has tens of buckets, not hundreds. */
        static final Duration MIN = Duration.ofMillis(1), MAX = Duration.ofSeconds(10);

        static Timer.Builder timer(String name, String description) {
            return Timer.builder(name).description(description).publishPercentileHistogram()
                    .serviceLevelObjectives(SLO).minimumExpectedValue(MIN).maximumExpectedValue(MAX);
        }

        private LatencyHistograms() {}
    }
}
