import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The event ledger of scripts/chaos, read from Kafka: what the interactions topic holds and how far
 * each consumer group has committed, so "events lost" can be counted as accepted events against
 * what the log gained and what every consumer committed past.
 *
 *   java -cp "var/stack/dist/admin/lib/*" scripts/lib/ChaosLedger.java <kafka> snapshot <group>...
 *       prints "end=<sum of end offsets> <group>=<sum of committed offsets> ..." on one line
 *   java -cp ... ChaosLedger.java <kafka> settle <timeout s> <group>...
 *       polls every second until every group's lag is 0 (progress on stderr), then prints a snapshot;
 *       exits 1 when the timeout passes first
 */
public class ChaosLedger {
    static final String TOPIC = "interactions";

    public static void main(String[] a) throws Exception {
        var props = new Properties();
        props.put("bootstrap.servers", a[0]);
        props.put("request.timeout.ms", "5000");
        props.put("default.api.timeout.ms", "10000");
        try (Admin admin = Admin.create(props)) {
            if (a[1].equals("snapshot")) {
                System.out.println(snapshot(admin, List.of(a).subList(2, a.length)));
                return;
            }
            long deadline = System.nanoTime() + Long.parseLong(a[2]) * 1_000_000_000L;
            List<String> groups = List.of(a).subList(3, a.length);
            while (true) {
                long end = end(admin);
                long lag = 0;
                for (String g : groups) lag += Math.max(0, end - committed(admin, g));
                if (lag == 0) break;
                if (System.nanoTime() > deadline) {
                    System.out.println(snapshot(admin, groups));
                    System.exit(1);
                }
                System.err.printf("chaos: waiting for the consumers to catch up: lag %,d over %s%n", lag, groups);
                Thread.sleep(1000);
            }
            System.out.println(snapshot(admin, groups));
        }
    }

    static String snapshot(Admin admin, List<String> groups) throws Exception {
        var sb = new StringBuilder("end=").append(end(admin));
        for (String g : groups) sb.append(' ').append(g).append('=').append(committed(admin, g));
        return sb.toString();
    }

    static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    static long end(Admin admin) throws Exception {
        var partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions();
        var request = partitions.stream().collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }
}
