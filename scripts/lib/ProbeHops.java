import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Splits the new-video probes of `scripts/bench freshness` into their two hops, read off the record
 * times Kafka keeps: the video's record on `videos` (written by the event API before its 202) and its
 * vector on `video-embeddings` (written by embedding-refresh; keyed {@code <version>/<videoId>}).
 * The bench prints each probe's total ("video probe 3/30 fresh-ab12cd34-v2: 412 ms"); the total
 * minus the second hop is feed-assembly's part (index, refresh, the Up Next call).
 *
 *   java -cp "var/stack/dist/admin/lib/*" scripts/lib/ProbeHops.java <kafka> <video id prefix> [<seconds back, 900>]
 *       prints "<videoId> videos <time> embeddings +<ms>" per video
 */
public class ProbeHops {
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ProbeHops <kafka> <video id prefix> [<seconds back>]");
            System.exit(2);
        }
        String prefix = args[1];
        long since = System.currentTimeMillis() - Long.parseLong(args.length > 2 ? args[2] : "900") * 1000;
        Map<String, Map<String, Long>> times = new TreeMap<>();
        for (String topic : List.of("videos", "video-embeddings")) {
            var p = new Properties();
            p.put("bootstrap.servers", args[0]);
            try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                var parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                c.assign(parts);
                var query = new HashMap<TopicPartition, Long>();
                parts.forEach(tp -> query.put(tp, since));
                var found = c.offsetsForTimes(query);
                var end = c.endOffsets(parts);
                for (var tp : parts) {
                    var o = found.get(tp);
                    c.seek(tp, o == null ? end.get(tp) : o.offset());
                }
                for (int idle = 0; idle < 3; ) {
                    var records = c.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        idle++;
                        continue;
                    }
                    idle = 0;
                    for (var r : records) {
                        if (r.key() == null) continue;
                        String id = r.key().substring(r.key().indexOf('/') + 1);
                        if (id.startsWith(prefix)) times.computeIfAbsent(id, k -> new TreeMap<>()).putIfAbsent(topic, r.timestamp());
                    }
                }
            }
        }
        times.forEach((id, t) -> {
            Long video = t.get("videos"), embedding = t.get("video-embeddings");
            System.out.printf("%s videos %s embeddings %s%n", id, video == null ? "-" : Instant.ofEpochMilli(video),
                    video == null || embedding == null ? "-" : "+" + (embedding - video) + " ms");
        });
    }
}
