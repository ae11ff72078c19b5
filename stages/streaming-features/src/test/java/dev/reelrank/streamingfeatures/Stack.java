package dev.reelrank.streamingfeatures;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The local stack of {@code scripts/stack up} as the ITs use it: the V005 schema and the
 * dead-letter topic made sure of, a producer of our CloudEvents, reads of what the job wrote.
 */
final class Stack implements AutoCloseable {
    static final String BOOTSTRAP = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static final String CASSANDRA = env("CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042").split(",")[0];
    static final String REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379");
    static final Path SCHEMA = Path.of("../feature-store/src/main/resources/db/cql/V005__video_stream_stats.cql");

    final CqlSession session = CassandraStatsSink.session(CASSANDRA, env("CASSANDRA_LOCAL_DATACENTER", "datacenter1"));
    final Vertx vertx = Vertx.vertx();
    final Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(REDIS_URL));
    final KafkaProducer<String, byte[]> producer;

    Stack() throws Exception {
        String cql = Files.readString(SCHEMA).replaceAll("(?m)^--.*$", "").trim();
        session.execute(SimpleStatement.newInstance(cql.replaceAll(";\\s*$", "")).setTimeout(Duration.ofSeconds(30)));
        ensureTopic(StreamingFeaturesConfig.DEAD_LETTER_TOPIC, 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static void ensureTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!names.contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    if (!String.valueOf(e.getMessage()).contains("TopicExists")) throw e;
                }
            }
        }
    }

    /** One interaction as event-ingestion would log it. */
    static ProducerRecord<String, byte[]> interaction(String user, String video, Action action, double watchSeconds, String region) {
        Instant now = Instant.now();
        Interaction i = Interaction.newBuilder().setUserId(user).setVideoId(video).setAction(action)
                .setWatchSeconds(watchSeconds).setRegion(region)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())).build();
        return new LoggedEvent(UUID.randomUUID().toString(), URI.create("/it/streaming-features"), EventTypes.INTERACTION,
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), i).toRecord();
    }

    /** A video's rows in video_stream_stats by span. */
    Map<String, Row> rows(String videoId) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : session.execute("SELECT * FROM reelrank.video_stream_stats WHERE video_id = ?", videoId)) m.put(r.getString("span"), r);
        return m;
    }

    static VideoStatsDelta counters(Row r) {
        return new VideoStatsDelta(r.getLong("impressions"), r.getLong("views"), r.getLong("clicks"), r.getDouble("watch_seconds"),
                r.getLong("likes"), r.getLong("dislikes"), r.getLong("shares"), r.getLong("skips"), r.getLong("not_interested"));
    }

    /** The members of a sorted set, highest score first. */
    List<String> zrevrange(String key) throws Exception {
        Response r = redis.send(Request.cmd(Command.ZRANGE).arg(key).arg(0).arg(-1).arg("REV"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<String> out = new ArrayList<>();
        for (Response m : r) out.add(m.toString());
        return out;
    }

    void delete(String... keys) throws Exception {
        Request del = Request.cmd(Command.DEL);
        for (String k : keys) del.arg(k);
        redis.send(del).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Settings for a job of one test run: fresh group, checkpoints under target/, quick flushes and checkpoints. */
    static StreamingFeaturesConfig settings(String run, long startAtMillis, Path checkpoints, String trendPrefix, String restore) {
        return StreamingFeaturesConfig.load(name -> switch (name) {
            case "group-id" -> "it-" + run;
            case "starting-offsets" -> "timestamp:" + startAtMillis;
            case "checkpoint-dir" -> checkpoints.toString();
            case "checkpoint-interval" -> "PT1S";
            case "flush-interval" -> "PT0.3S";
            case "trending-key-prefix" -> trendPrefix;
            case "restore" -> restore;
            case "progress-interval" -> "PT5S";
            default -> null;
        }, System.getenv());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        session.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
