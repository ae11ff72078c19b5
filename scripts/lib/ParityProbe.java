import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Small Kafka probes for scripts/parity: how many records a topic holds, and how far a consumer
 * group is behind, so the script waits on a condition instead of sleeping.
 *
 *   ParityProbe ends <bootstrap> <topic>...                 sum of end offsets per topic
 *   ParityProbe lag  <bootstrap> <group> <topic>...         records not yet committed by the group
 *   ParityProbe wait-lag <bootstrap> <timeout-s> <group> <topic>...   until that lag is 0 (exit 1 on timeout)
 *   ParityProbe seek-end <bootstrap> <group> <topic>...     commit the group at the topics' current ends, so a
 *                                                           new group consumes only what is written from now on
 */
public final class ParityProbe {
    public static void main(String[] a) throws Exception {
        var p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a[1]);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        int rc = 0;
        try (Admin admin = Admin.create(p)) {
            switch (a[0]) {
                case "ends" -> {
                    for (int i = 2; i < a.length; i++) System.out.println(a[i] + " " + sum(ends(admin, a[i])));
                }
                case "lag" -> System.out.println(lag(admin, a[2], List.of(a).subList(3, a.length)));
                case "wait-lag" -> {
                    long deadline = System.nanoTime() + Long.parseLong(a[2]) * 1_000_000_000L;
                    long last = -1;
                    while (true) {
                        long lag = lag(admin, a[3], List.of(a).subList(4, a.length));
                        if (lag != last) System.err.println("parity: group " + a[3] + " lag " + lag);
                        last = lag;
                        if (lag == 0) break;
                        if (System.nanoTime() > deadline) { rc = 1; break; }
                        Thread.sleep(1000);
                    }
                }
                case "seek-end" -> {
                    var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
                    for (String t : List.of(a).subList(3, a.length)) ends(admin, t).forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
                    admin.alterConsumerGroupOffsets(a[2], offsets).all().get();
                    System.err.println("parity: group " + a[2] + " starts at " + sum(offsets.entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()))) + " records of " + List.of(a).subList(3, a.length));
                }
                default -> { System.err.println("usage: ends|lag|wait-lag"); rc = 2; }
            }
        }
        System.exit(rc);
    }

    static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        var parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        var req = new HashMap<TopicPartition, OffsetSpec>();
        for (var pi : parts) req.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest());
        var out = new HashMap<TopicPartition, Long>();
        for (var e : admin.listOffsets(req).all().get().entrySet()) out.put(e.getKey(), e.getValue().offset());
        return out;
    }

    static long sum(Map<TopicPartition, Long> m) {
        long s = 0;
        for (long v : m.values()) s += v;
        return s;
    }

    /** End offset minus committed offset (0 when nothing is committed and the partition is empty). */
    static long lag(Admin admin, String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (String t : topics) {
            for (var e : ends(admin, t).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue() - (c == null ? 0 : c.offset());
            }
        }
        return lag;
    }
}
