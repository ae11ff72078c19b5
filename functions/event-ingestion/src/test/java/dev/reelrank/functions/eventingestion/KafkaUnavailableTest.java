package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no broker at the configured address, a valid event gets 503 + Retry-After, and readiness is down. */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.NoBroker.class)
class KafkaUnavailableTest {
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 9 (discard) is closed on a developer machine: connections are refused at once.
            return Map.of(
                    "reelrank.ingestion.kafka.bootstrap-servers", "127.0.0.1:9",
                    // Far longer than any test waits: a 503 here comes from the liveness probe, not the ack timeout.
                    "reelrank.ingestion.ack-timeout", "60S",
                    "reelrank.ingestion.kafka.liveness-interval", "100MS",
                    "reelrank.ingestion.kafka.liveness-timeout", "200MS",
                    "reelrank.ingestion.retry-after", "7S",
                    "reelrank.ingestion.kafka.readiness-timeout", "500MS");
        }
    }

    @Test
    void unacknowledgedEventsGet503WithRetryAfter() {
        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"x1","source":"/t","type":"video.interaction",
                         "data":{"userId":"u","videoId":"v","action":"click"}}""")
                .when().post("/v1/events")
                .then().statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("7"))
                .body("type", equalTo("https://reelrank.dev/problems/event-log-unavailable"))
                .body("detail", notNullValue());
    }

    @Test
    void aBrokerKnownDownIsAnsweredWithoutWaitingForTheAckTimeout() {
        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"x2","source":"/t","type":"video.interaction",
                         "data":{"userId":"u","videoId":"v","action":"click"}}""")
                .when().post("/v1/events")
                .then().statusCode(503)
                .header("Retry-After", equalTo("7"))
                .body("detail", containsString("did not answer a metadata request"));
    }

    @Test
    void invalidEventsAreStill400WithoutKafka() {
        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"x1","source":"/t","type":"video.interaction",
                         "data":{"userId":"u","videoId":"v","action":"click","bogus":1}}""")
                .when().post("/v1/events")
                .then().statusCode(400).body("field", equalTo("data.bogus"));
    }

    @Test
    void notReadyWithoutKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
