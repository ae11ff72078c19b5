package dev.reelrank.functions.eventarchiver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.eventarchive.ArchiveLayout;
import dev.reelrank.eventarchive.DeliveryArchive;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The HTTP binding with the Kafka binding off and no broker at all: what needs no stack (archiving,
 * redeliveries, 503 while the archive or the dead-letter topic cannot be written). HttpDeliveryIT
 * covers the dead-letter topic itself.
 */
@QuarkusTest
@TestProfile(HttpBindingTest.HttpOnly.class)
class HttpBindingTest {
    static final Path ROOT = Path.of("target", "http-binding-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    static final Instant WHEN = Instant.parse("2026-11-25T10:00:00Z");

    public static class HttpOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "reelrank.archive.kafka.enabled", "false",
                    "reelrank.archive.kafka.bootstrap-servers", "127.0.0.1:9",
                    "reelrank.archive.location", ROOT.toString(),
                    "reelrank.archive.pseudonym-key", "a-test-key-that-is-at-least-32-bytes-long",
                    "reelrank.archive.http.batch-window", "10MS",
                    "reelrank.archive.dead-letter.timeout", "1S");
        }
    }

    @Test
    void anEventIsArchivedOnceHoweverOftenItIsDelivered() throws Exception {
        var e = TestDeliveries.interaction("http-1", "user-1", WHEN);
        given().body(e.payload().toByteArray()).headers(TestDeliveries.ceHeaders(e)).post("/").then().statusCode(200)
                .body("status", equalTo("archived")).body("id", equalTo("http-1"));
        given().body(e.payload().toByteArray()).headers(TestDeliveries.ceHeaders(e)).post("/").then().statusCode(200)
                .body("status", equalTo("duplicate"));
        // The same event in structured mode is the same identity.
        given().contentType("application/cloudevents+json").body(TestDeliveries.structured(e)).post("/").then().statusCode(200)
                .body("status", equalTo("duplicate"));

        Path day = ROOT.resolve("interactions").resolve("date=" + WHEN.atOffset(ZoneOffset.UTC).toLocalDate());
        try (Stream<Path> files = Files.list(day)) {
            var names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertEquals(DeliveryArchive.LANE_PARTITION, ArchiveLayout.parseDataFileName(names.getFirst()).partition());
        }
        given().get("/q/health/live").then().statusCode(200).body("checks[0].data.kafkaBinding", equalTo(false));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anArchiveThatCannotBeWrittenAnswers503AndTheRetryIsArchived() throws Exception {
        var v = TestDeliveries.video("http-v-1", WHEN);
        Files.createDirectories(ROOT);
        Path inTheWay = ROOT.resolve("videos");
        Files.writeString(inTheWay, "not a folder");
        try {
            given().body(v.payload().toByteArray()).headers(TestDeliveries.ceHeaders(v)).post("/").then().statusCode(503)
                    .header("Retry-After", equalTo("5")).body("status", equalTo("unavailable"));
        } finally {
            Files.delete(inTheWay);
        }
        given().body(v.payload().toByteArray()).headers(TestDeliveries.ceHeaders(v)).post("/").then().statusCode(200)
                .body("status", equalTo("archived"));
    }

    @Test
    void aPoisonEventIsNotAcknowledgedWhileItsDeadLetterCannotBeWritten() {
        // No broker: the dead letter is not acknowledged, so neither is the delivery (the sender retries).
        given().contentType("application/json").body("{\"hello\":1}").post("/").then().statusCode(503)
                .header("Retry-After", equalTo("5")).body("status", equalTo("unavailable"));
    }
}
