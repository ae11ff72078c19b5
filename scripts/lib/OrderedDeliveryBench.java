import com.google.protobuf.Timestamp;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a KafkaSource with ordered delivery gets out of embedding-refresh's HTTP binding: one sender
 * per partition, each POSTing one binary-mode CloudEvent (a {@code video.interaction}, Protobuf
 * data, as the {@code interactions} records are) and waiting for the answer before the next, as the
 * ordered dispatcher does. Prints events/s overall and per partition, and the latency per delivery.
 * knative/CAPACITY.md sizes the partitions from it.
 *
 * <pre>
 * java -cp "functions/embedding-refresh/target/quarkus-app/lib/main/*" scripts/lib/OrderedDeliveryBench.java \
 *     http://127.0.0.1:8082 --partitions 1,4,16 --seconds 20
 * </pre>
 */
public class OrderedDeliveryBench {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 && !args[0].startsWith("--") ? args[0] : "http://127.0.0.1:8082";
        int[] partitions = {1, 4, 16};
        int seconds = 20;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--partitions")) partitions = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
            if (args[i].equals("--seconds")) seconds = Integer.parseInt(args[i + 1]);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        System.out.println("| partitions (senders, one event in flight each) | deliveries | events/s | per partition | p50 ms | p99 ms | non-200 |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int p : partitions) measure(url, run + "-p" + p, p, Duration.ofSeconds(seconds));
    }

    static void measure(String url, String run, int partitions, Duration length) throws Exception {
        var failures = new AtomicLong();
        var latencies = new ArrayList<long[]>();
        var threads = new ArrayList<Thread>();
        long end = System.nanoTime() + length.toNanos();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    int n = 0;
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        // A partition carries many users' events; 50 users per partition here.
                        String user = "odb-" + run + "-u" + partition + "-" + (n % 50);
                        var event = Interaction.newBuilder().setUserId(user).setVideoId("odb-" + run + "-v" + (n % 500))
                                .setAction(n % 4 == 0 ? Action.click : Action.impression).setSurface(Surface.home)
                                .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())).build();
                        var request = HttpRequest.newBuilder(URI.create(url + "/"))
                                .header("ce-specversion", "1.0").header("ce-id", run + "-" + partition + "-" + n)
                                .header("ce-source", "/reelrank/bench").header("ce-type", "video.interaction")
                                .header("ce-time", Instant.now().toString()).header("ce-partitionkey", user)
                                .header("Content-Type", "application/protobuf")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(event.toByteArray())).build();
                        long t0 = System.nanoTime();
                        var answer = http.send(request, HttpResponse.BodyHandlers.discarding());
                        mine[++n] = System.nanoTime() - t0;
                        if (answer.statusCode() != 200) failures.incrementAndGet();
                    }
                    mine[0] = n;
                } catch (Exception e) {
                    System.err.println("partition " + partition + ": " + e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        List<Long> all = new ArrayList<>();
        for (long[] l : latencies) for (int i = 1; i <= l[0]; i++) all.add(l[i]);
        all.sort(null);
        double secs = length.toNanos() / 1e9;
        long count = all.size();
        System.out.printf("| %d | %,d | %,.0f | %,.1f | %.1f | %.1f | %d |%n", partitions, count, count / secs, count / secs / partitions,
                pct(all, 0.50), pct(all, 0.99), failures.get());
    }

    static double pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) return Double.NaN;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
