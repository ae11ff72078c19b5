package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.LoggedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * event-ingestion's series of docs/metrics.md: events Kafka acknowledged, by CloudEvent type, and
 * requests refused, by a short reason slug (a refused batch counts once: its events were never
 * accepted one by one, and the slug says why the request was).
 */
@Singleton
public class IngestionMetrics {
    /** The {@code function} tag of every series this function exports. */
    static final String FUNCTION = "event-ingestion";

    private final MeterRegistry registry;
    // Registering a builder looks the meter up through the registry's filters on every call; done per
    // accepted event that is thousands of lookups a second. The types and reasons are a small fixed set.
    private final ConcurrentHashMap<String, Counter> acceptedByType = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> rejectedByReason = new ConcurrentHashMap<>();

    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Events Kafka acknowledged (the 202's). */
    void accepted(List<LoggedEvent> events) {
        // A batch is mostly of one type: one increment per run of equal types.
        String type = null;
        int run = 0;
        for (LoggedEvent e : events) {
            if (!e.type().type.equals(type)) {
                if (run > 0) acceptedCounter(type).increment(run);
                type = e.type().type;
                run = 0;
            }
            run++;
        }
        if (run > 0) acceptedCounter(type).increment(run);
    }

    private Counter acceptedCounter(String type) {
        return acceptedByType.computeIfAbsent(type, t -> Counter.builder("reelrank.events.accepted")
                .description("Events acknowledged by Kafka, by CloudEvent type").tags("type", t).register(registry));
    }

    /** One request answered with {@code problem}. */
    void rejected(Problem problem) {
        rejectedByReason.computeIfAbsent(reason(problem), r -> Counter.builder("reelrank.events.rejected")
                .description("Requests refused, by reason").tags("reason", r).register(registry)).increment();
    }

    /** The slug of a problem type: the catalogue's short names, so alerts need not know the problem URIs. */
    static String reason(Problem problem) {
        String type = problem.type() == null ? "" : problem.type();
        String last = type.substring(type.lastIndexOf('/') + 1);
        return switch (last) {
            case "invalid-event" -> "invalid";
            case "payload-too-large" -> "too_large";
            case "event-log-unavailable" -> "kafka_unavailable";
            case "" -> "unknown";
            default -> last.replace('-', '_');
        };
    }

    /** Every series this function exports carries {@code function=event-ingestion}. */
    @Produces
    @Singleton
    static MeterFilter functionTag() {
        return MeterFilter.commonTags(List.of(Tag.of("function", FUNCTION)));
    }
}
