package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.LoggedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

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

    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Events Kafka acknowledged (the 202's). */
    void accepted(List<LoggedEvent> events) {
        for (LoggedEvent e : events) {
            Counter.builder("reelrank.events.accepted").description("Events acknowledged by Kafka, by CloudEvent type")
                    .tags("type", e.type().type).register(registry).increment();
        }
    }

    /** One request answered with {@code problem}. */
    void rejected(Problem problem) {
        Counter.builder("reelrank.events.rejected").description("Requests refused, by reason")
                .tags("reason", reason(problem)).register(registry).increment();
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
