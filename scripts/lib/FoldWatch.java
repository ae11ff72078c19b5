import com.datastax.oss.driver.api.core.CqlSession;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How fast embedding-refresh folds the interactions topic, seen from outside: the consumer group's
 * committed offsets against the topic's end, and Cassandra's own count of writes to the reelrank
 * keyspace (system_views.coordinator_write_latency), so "writes per event" is what the server saw.
 *
 *   java -cp "var/stack/dist/admin/lib/*" scripts/lib/FoldWatch.java <kafka> <cassandra> <group> counts
 *       prints "<epoch ms>:<committed>:<writes>" (a starting point)
 *   java -cp ... FoldWatch.java <kafka> <cassandra> <group> <timeout s> <starting point>
 *       polls every second until the group's lag is 0, with progress and ETA on stderr, then a
 *       Markdown row on stdout: events folded, seconds, events/s overall and best 10 s, writes/event
 */
public class FoldWatch {
    static final String TOPIC = "interactions";

    public static void main(String[] a) throws Exception {
        var props = new Properties();
        props.put("bootstrap.servers", a[0]);
        String[] hostPort = a[1].split(":");
        try (Admin admin = Admin.create(props);
             CqlSession cql = CqlSession.builder().addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                     .withLocalDatacenter("datacenter1").build()) {
            if (a[3].equals("counts")) {
                System.out.println(System.currentTimeMillis() + ":" + committed(admin, a[2]) + ":" + writes(cql));
                return;
            }
            long timeoutMs = Long.parseLong(a[3]) * 1000;
            String[] before = a[4].split(":");
            long t0 = Long.parseLong(before[0]), c0 = Long.parseLong(before[1]), w0 = Long.parseLong(before[2]);
            var window = new ArrayDeque<long[]>();
            double best = 0;
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                long now = System.currentTimeMillis(), committed = committed(admin, a[2]), end = end(admin), lag = end - committed;
                window.addLast(new long[] {now, committed});
                while (window.size() > 1 && now - window.peekFirst()[0] > 10_000) window.removeFirst();
                long[] first = window.peekFirst();
                double rate = now > first[0] ? (committed - first[1]) * 1000.0 / (now - first[0]) : 0;
                if (now - first[0] >= 9_000) best = Math.max(best, rate);
                System.err.printf(Locale.ROOT, "fold: lag %,d  folded since start %,d  %,.0f events/s (10 s)  ETA %s%n", lag, committed - c0, rate,
                        rate > 0 ? String.format(Locale.ROOT, "%.0f s", lag / rate) : "?");
                if (lag == 0 || now > deadline) {
                    long writes = writes(cql), folded = committed - c0;
                    double seconds = (now - t0) / 1000.0;
                    System.out.printf(Locale.ROOT, """
                            | events folded | from the start of the post to lag 0 | events/s overall | best 10 s | Cassandra writes per event | lag at the end |
                            | ---: | ---: | ---: | ---: | ---: | ---: |
                            | %,d | %.0f s | **%,.0f** | %,.0f | %.3f | %,d |
                            """, folded, seconds, folded / seconds, best, folded == 0 ? 0.0 : (double) (writes - w0) / folded, lag);
                    System.exit(lag == 0 ? 0 : 1);
                }
                Thread.sleep(1000);
            }
        }
    }

    static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    static long end(Admin admin) throws Exception {
        var partitions = admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions();
        var request = partitions.stream().collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    static long writes(CqlSession cql) {
        long sum = 0;
        for (var row : cql.execute("SELECT count FROM system_views.coordinator_write_latency WHERE keyspace_name = 'reelrank' ALLOW FILTERING")) {
            sum += row.getLong("count");
        }
        return sum;
    }
}
