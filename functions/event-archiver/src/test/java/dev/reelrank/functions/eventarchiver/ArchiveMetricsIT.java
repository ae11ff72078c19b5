package dev.reelrank.functions.eventarchiver;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka binding against the stack's Kafka (per-run topics): an event and a record that is not ours
 * go through the archive loop, then /q/metrics shows them as committed and dead-lettered, with the
 * commit-lag and consumer-lag gauges.
 */
@QuarkusTest
@TestProfile(ArchiveMetricsIT.RunTopics.class)
class ArchiveMetricsIT {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String INTERACTIONS = "it-metrics-archiver-" + RUN + "-interactions";
    static final String VIDEOS = "it-metrics-archiver-" + RUN + "-videos";
    static final Path ROOT = Path.of("target", "it-metrics-archive-" + RUN).toAbsolutePath();
    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    public static class RunTopics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Topics must exist before the consumer subscribes, or its first metadata has none to assign.
            try (var admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
                admin.createTopics(List.of(new NewTopic(INTERACTIONS, 1, (short) 1), new NewTopic(VIDEOS, 1, (short) 1))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test topics (is scripts/stack up running?)", e);
            }
            return Map.of(
                    "reelrank.archive.kafka.bootstrap-servers", BOOTSTRAP,
                    "reelrank.archive.kafka.group-id", "it-metrics-archiver-" + RUN,
                    "reelrank.archive.interactions-topic", INTERACTIONS,
                    "reelrank.archive.videos-topic", VIDEOS,
                    "reelrank.archive.location", ROOT.toUri().toString(),
                    "reelrank.archive.pseudonym-key", "base64:" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                    "reelrank.archive.flush-interval", "500MS");
        }
    }

    @AfterAll
    static void dropTopics() {
        try (var admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.deleteTopics(List.of(INTERACTIONS, VIDEOS));
        }
    }

    @Test
    void archivedAndSkippedRecordsShowUpWithTheLags() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            var r = TestDeliveries.interaction("metrics-" + RUN, "metrics-user", Instant.now()).toRecord();
            producer.send(new ProducerRecord<>(INTERACTIONS, null, r.key(), r.value(), r.headers())).get();
            producer.send(new ProducerRecord<>(INTERACTIONS, "metrics-user", "not a cloud event".getBytes())).get();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            return nonZero(metrics, "reelrank_archive_events_total", "outcome=\"committed\"")
                    && nonZero(metrics, "reelrank_archive_events_total", "outcome=\"dead_lettered\"")
                    && metrics.contains("reelrank_archive_commit_lag_seconds{function=\"event-archiver\"}")
                    && metrics.contains("reelrank_consumer_lag{function=\"event-archiver\",group=\"it-metrics-archiver-" + RUN
                            + "\",topic=\"" + INTERACTIONS + "\"}")
                    && metrics.contains("jvm_memory_used_bytes");
        });
    }

    /** Some sample of {@code series} whose labels contain every one of {@code labels} is above 0. */
    static boolean nonZero(String exposition, String series, String... labels) {
        var line = Pattern.compile("^" + Pattern.quote(series) + "\\{([^}]*)\\} ([0-9.eE+-]+)(?: #.*)?$", Pattern.MULTILINE).matcher(exposition);
        while (line.find()) {
            boolean all = true;
            for (String l : labels) all &= line.group(1).contains(l);
            if (all && Double.parseDouble(line.group(2)) > 0) return true;
        }
        return false;
    }
}
