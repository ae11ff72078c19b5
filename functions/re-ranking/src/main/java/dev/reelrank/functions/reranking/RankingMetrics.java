package dev.reelrank.functions.reranking;

import dev.reelrank.model.telemetry.ServedModelSeries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * re-ranking's series of docs/metrics.md: Rank calls by the model version that answered and their
 * outcome (the server side of feed-assembly's reelrank.ranking.latency), and the served ranking model.
 */
@Singleton
public class RankingMetrics {
    /** The {@code function} tag of every series this function exports. */
    static final String FUNCTION = "re-ranking";

    /** Outcomes of {@code reelrank.rank.requests}, named after the gRPC status answered (ok: scores sent). */
    static final String OK = "ok", INVALID_ARGUMENT = "invalid_argument", UNAVAILABLE = "unavailable", ERROR = "error";

    /** Bucket bounds every latency histogram has exactly (docs/metrics.md; the same in every function). */
    static final Duration[] SLO = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    private final ServedModelSeries<Gauge> served;
    // Looked up once per (version, outcome): registering a builder per call goes through the registry's filters each time.
    private final ConcurrentHashMap<List<String>, Timer> rankTimers = new ConcurrentHashMap<>();

    public RankingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.served = new ServedModelSeries<>("ranking", tags -> Gauge.builder(ServedModelSeries.NAME, () -> 1)
                .description(ServedModelSeries.DESCRIPTION).tags(tags.toArray(String[]::new)).strongReference(true)
                .register(registry), registry::remove);
    }

    void rank(String modelVersion, String outcome, long nanos) {
        rankTimers.computeIfAbsent(List.of(modelVersion, outcome), k -> Timer.builder("reelrank.rank.requests")
                .description("Rank calls by the answering model version and outcome")
                .publishPercentileHistogram().serviceLevelObjectives(SLO)
                // Micrometer's generated buckets kept to this range: tens of buckets per series, not hundreds.
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .tags("model_version", modelVersion, "outcome", outcome)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * {@code reelrank.model.served{model=ranking, version}} = 1 for the version served from now on; the
     * old version's series is removed, so one instance shows one version.
     */
    void servedRanking(String version) {
        served.serving(version);
    }

    /** Every series this function exports carries {@code function=re-ranking}. */
    @Produces
    @Singleton
    static MeterFilter functionTag() {
        return MeterFilter.commonTags(List.of(Tag.of("function", FUNCTION)));
    }
}
