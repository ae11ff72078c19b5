package dev.reelrank.streamingfeatures;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a backlog of synthetic interactions (our CloudEvents, exactly as event-ingestion logs
 * them) to a scratch topic, for measuring the job's throughput:
 *
 * <pre>
 * BacklogProducer --topic streaming-features-bench --events 1000000 [--videos 10000] [--regions 20]
 *                 [--users 100000] [--partitions 12] [--span PT2H] [--bootstrap 127.0.0.1:9092] [--seed 1]
 * </pre>
 *
 * Creates the topic when missing. Event times spread evenly over the last {@code --span}, so the
 * windows and decay see time pass; videos are drawn with a skew (a few popular, a long tail).
 */
public final class BacklogProducer {
    private static final Action[] ACTIONS = {Action.impression, Action.impression, Action.impression, Action.impression,
            Action.click, Action.watch, Action.watch, Action.like, Action.skip, Action.share};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String topic = a.getOrDefault("topic", "streaming-features-bench");
        long events = Long.parseLong(a.getOrDefault("events", "1000000"));
        int videos = Integer.parseInt(a.getOrDefault("videos", "10000"));
        int regions = Integer.parseInt(a.getOrDefault("regions", "20"));
        int users = Integer.parseInt(a.getOrDefault("users", "100000"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "12"));
        long spanMillis = java.time.Duration.parse(a.getOrDefault("span", "PT2H")).toMillis();
        String bootstrap = a.getOrDefault("bootstrap", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        var random = new SplittableRandom(Long.parseLong(a.getOrDefault("seed", "1")));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long start = System.nanoTime();
        long end = System.currentTimeMillis();
        URI source = URI.create("/bench/streaming-features");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (long j = 0; j < events; j++) {
                long t = end - spanMillis + spanMillis * j / Math.max(1, events);
                // Skewed popularity: the square of a uniform draw favours low video numbers.
                double u = random.nextDouble();
                int video = (int) (u * u * videos);
                Action action = ACTIONS[random.nextInt(ACTIONS.length)];
                Instant at = Instant.ofEpochMilli(t);
                Interaction i = Interaction.newBuilder().setUserId("u" + random.nextInt(users)).setVideoId("bench-v" + video)
                        .setAction(action).setWatchSeconds(action == Action.watch ? random.nextInt(300) : 0)
                        .setRegion("R" + (video % regions))
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build();
                ProducerRecord<String, byte[]> r = new LoggedEvent("bench-" + j, source, EventTypes.INTERACTION,
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC), i).toRecord();
                producer.send(new ProducerRecord<>(topic, null, null, r.key(), r.value(), r.headers()));
                if ((j + 1) % 200_000 == 0) System.out.printf("produced %d%n", j + 1);
            }
            producer.flush();
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("produced %d interactions to %s in %.1f s (%.0f/s)%n", events, topic, s, events / s);
    }
}
