package dev.reelrank.functions.eventarchiver;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed shell against the stack's Kafka: it archives what lands on its (per-run) topics
 * into the configured folder, with a key from configuration, and reports it on /q/health.
 */
@QuarkusTest
@TestProfile(EventArchiverFunctionIT.RunTopics.class)
class EventArchiverFunctionIT {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String INTERACTIONS = "it-fn-archiver-" + RUN + "-interactions";
    static final String VIDEOS = "it-fn-archiver-" + RUN + "-videos";
    static final Path ROOT = Path.of("target", "it-fn-archive-" + RUN).toAbsolutePath();
    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    public static class RunTopics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Topics must exist before the consumer subscribes, or its first metadata has none to assign.
            try (var admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
                admin.createTopics(List.of(new NewTopic(INTERACTIONS, 2, (short) 1), new NewTopic(VIDEOS, 1, (short) 1))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test topics (is scripts/stack up running?)", e);
            }
            return Map.of(
                    "reelrank.archive.kafka.bootstrap-servers", BOOTSTRAP,
                    "reelrank.archive.kafka.group-id", "it-fn-archiver-" + RUN,
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
    void archivesEventsOfItsTopicsAndReportsThem() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        var now = Instant.now();
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            var acks = new ArrayList<Future<RecordMetadata>>();
            for (int n = 0; n < 300; n++) {
                var i = Interaction.newBuilder().setUserId("fn-user-" + (n % 30)).setVideoId("v" + n).setAction(Action.click)
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond())).build();
                var r = new LoggedEvent("fn-" + RUN + "-" + n, URI.create("/it"), EventTypes.INTERACTION,
                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC), i).toRecord();
                acks.add(producer.send(new ProducerRecord<>(INTERACTIONS, null, r.key(), r.value(), r.headers())));
            }
            for (var a : acks) a.get();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/live").then().statusCode(200).body("checks[0].data.archived", equalTo(300)));
        Path day = ROOT.resolve("interactions").resolve("date=" + now.atOffset(ZoneOffset.UTC).toLocalDate());
        try (Stream<Path> files = Files.list(day)) {
            var names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().allMatch(n -> n.matches("part-p00[01]-o\\d{12}-o\\d{12}\\.parquet")), names.toString());
            assertTrue(!names.isEmpty());
        }
        long bytesWithRawIds;
        try (Stream<Path> files = Files.walk(ROOT)) {
            bytesWithRawIds = files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains("fn-user-");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
        assertEquals(0, bytesWithRawIds);
    }
}
