package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.lag.ConsumerGroupLag;
import dev.reelrank.model.telemetry.ServedModelSeries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * embedding-refresh's series of docs/metrics.md: events folded or dead-lettered per topic (their rate
 * is the fold rate), the consumer group's lag (Kafka binding only) and the served retrieval model.
 */
@Singleton
public class RefreshMetrics {
    /** The {@code function} tag of every series this function exports. */
    static final String FUNCTION = "embedding-refresh";
    static final String APPLIED = "applied", DEAD_LETTERED = "dead_lettered";

    private final MeterRegistry registry;
    private final ServedModelSeries<Gauge> served;

    public RefreshMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.served = new ServedModelSeries<>("retrieval", tags -> Gauge.builder(ServedModelSeries.NAME, () -> 1)
                .description(ServedModelSeries.DESCRIPTION).tags(tags.toArray(String[]::new)).strongReference(true)
                .register(registry), registry::remove);
    }

    /**
     * One batch of {@code topic} handled: {@code applied} events are in the stores (redeliveries already
     * applied included: they need nothing more), {@code deadLettered} on the dead-letter topic.
     */
    void folded(String topic, int applied, int deadLettered) {
        counter(topic, APPLIED).increment(applied);
        counter(topic, DEAD_LETTERED).increment(deadLettered);
    }

    private Counter counter(String topic, String outcome) {
        return Counter.builder("reelrank.fold.events").description("Events handled by the fold, by topic and outcome")
                .tags("topic", topic, "outcome", outcome).register(registry);
    }

    /** {@code reelrank.consumer.lag{topic, group}} for each topic, read from the group's committed offsets. */
    void consumerLag(ConsumerGroupLag lag, List<String> topics) {
        for (String topic : topics) {
            Gauge.builder("reelrank.consumer.lag", lag, l -> l.lag(topic))
                    .description("Records of the topic the consumer group has not committed yet")
                    .tags("topic", topic, "group", lag.group()).strongReference(true).register(registry);
        }
    }

    /** {@code reelrank.model.served{model=retrieval, version}} = 1 for the user tower's version; the old one's series removed. */
    void servedRetrieval(String version) {
        served.serving(version);
    }

    /** Every series this function exports carries {@code function=embedding-refresh}. */
    @Produces
    @Singleton
    static MeterFilter functionTag() {
        return MeterFilter.commonTags(List.of(Tag.of("function", FUNCTION)));
    }
}
