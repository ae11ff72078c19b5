package dev.reelrank.eventlog.lag;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group's committed offsets are behind the ends of its topics, in records per
 * topic: the lag a consumer that commits (embedding-refresh's Kafka binding, the archiver) has left to
 * read, as the broker sees it, whatever the consumer's own state. Partitions the group has never
 * committed are not counted (a group that has not started yet has no lag to show).
 *
 * <p>Read without blocking: {@link #lag} answers the last figure and starts the next query in the
 * background if none is running, so a metrics scrape is never held up by the broker and the figure is
 * at most one scrape old. The queries use the admin client's own timeouts ({@code default.api.timeout.ms}).
 */
public final class ConsumerGroupLag implements AutoCloseable {
    private final Admin admin;
    private final String group;
    private final AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
    private final AtomicBoolean querying = new AtomicBoolean();

    ConsumerGroupLag(Admin admin, String group) {
        this.admin = admin;
        this.group = group;
    }

    public static ConsumerGroupLag of(String bootstrapServers, String group) {
        return new ConsumerGroupLag(Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "lag-" + group)), group);
    }

    public String group() {
        return group;
    }

    /** The records of {@code topic} the group has not committed yet, as last queried (0 before the first answer). */
    public long lag(String topic) {
        refresh();
        return last.get().getOrDefault(topic, 0L);
    }

    /** Starts a query unless one is running; a failed query keeps the last figures. */
    public void refresh() {
        if (!querying.compareAndSet(false, true)) return;
        try {
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().whenComplete((committed, error) -> {
                if (error != null || committed.isEmpty()) {
                    querying.set(false);
                    return;
                }
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                admin.listOffsets(latest).all().whenComplete((ends, failed) -> {
                    try {
                        if (failed == null) last.set(lagByTopic(offsets(committed), endOffsets(ends)));
                    } finally {
                        querying.set(false);
                    }
                });
            });
        } catch (RuntimeException e) {
            querying.set(false);
        }
    }

    /** Per topic, the sum over its committed partitions of end minus committed offset (never negative). */
    static Map<String, Long> lagByTopic(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        var lag = new HashMap<String, Long>();
        for (var e : committed.entrySet()) {
            Long end = ends.get(e.getKey());
            if (end == null) continue;
            lag.merge(e.getKey().topic(), Math.max(0, end - e.getValue()), Long::sum);
        }
        return Map.copyOf(lag);
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed) {
        var out = new HashMap<TopicPartition, Long>();
        committed.forEach((tp, o) -> {
            if (o != null) out.put(tp, o.offset());
        });
        return out;
    }

    private static Map<TopicPartition, Long> endOffsets(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
        var out = new HashMap<TopicPartition, Long>();
        ends.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Topics the last answer knew of. */
    public Set<String> topics() {
        return last.get().keySet();
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
