package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventarchive.ArchiverStatus;
import dev.reelrank.eventlog.lag.ConsumerGroupLag;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * event-archiver's series of docs/metrics.md. {@code reelrank.archive.events} counts events in committed
 * files ({@code committed}: first copies, duplicates not counted) and events that can never be archived
 * ({@code dead_lettered}: the HTTP binding's dead letters; the Kafka binding's records that are not our
 * CloudEvents, which it skips). One series per outcome whichever binding runs: the HTTP binding counts
 * here, the Kafka binding's loop keeps its own counters ({@link ArchiverStatus}), read at each scrape.
 */
@Singleton
public class ArchiveMetrics {
    /** The {@code function} tag of every series this function exports. */
    static final String FUNCTION = "event-archiver";

    private final MeterRegistry registry;
    private final Clock clock;
    private final LongAdder committed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private volatile ArchiverStatus loop;

    @Inject
    public ArchiveMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    ArchiveMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        FunctionCounter.builder("reelrank.archive.events", this, m -> m.committed.sum() + (m.loop == null ? 0 : m.loop.archived()))
                .description("Events archived into committed files, or never archivable, by outcome")
                .tags("outcome", "committed").register(registry);
        FunctionCounter.builder("reelrank.archive.events", this, m -> m.deadLettered.sum() + (m.loop == null ? 0 : m.loop.rejected()))
                .description("Events archived into committed files, or never archivable, by outcome")
                .tags("outcome", "dead_lettered").register(registry);
    }

    /** HTTP binding: a delivery answered once its file was committed. */
    void committed() {
        committed.increment();
    }

    /** HTTP binding: a delivery put on the dead-letter topic. */
    void deadLettered() {
        deadLettered.increment();
    }

    /** Kafka binding: its loop's counters, and {@code reelrank.archive.commit.lag} from its last commit. */
    void follow(ArchiverStatus status) {
        this.loop = status;
        Gauge.builder("reelrank.archive.commit.lag", status, s -> commitLagSeconds(s.lastCommit(), s.buffered(), clock.instant()))
                .description("Seconds since the last committed Parquet file while records wait for one; 0 when nothing is pending")
                .baseUnit("seconds").strongReference(true).register(registry);
    }

    /** Kafka binding: {@code reelrank.consumer.lag{topic, group}} per archived topic. */
    void consumerLag(ConsumerGroupLag lag, List<String> topics) {
        for (String topic : topics) {
            Gauge.builder("reelrank.consumer.lag", lag, l -> l.lag(topic))
                    .description("Records of the topic the consumer group has not committed yet")
                    .tags("topic", topic, "group", lag.group()).strongReference(true).register(registry);
        }
    }

    /** 0 when nothing waits for a file; else how long ago the last commit was (or the loop started). */
    static double commitLagSeconds(Instant lastCommit, int buffered, Instant now) {
        if (buffered == 0 || lastCommit == null) return 0;
        return Math.max(0, Duration.between(lastCommit, now).toMillis() / 1000.0);
    }

    /** Every series this function exports carries {@code function=event-archiver}. */
    @Produces
    @Singleton
    static MeterFilter functionTag() {
        return MeterFilter.commonTags(List.of(Tag.of("function", FUNCTION)));
    }
}
