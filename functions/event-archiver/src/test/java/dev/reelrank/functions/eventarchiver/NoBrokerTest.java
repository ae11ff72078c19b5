package dev.reelrank.functions.eventarchiver;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no broker the function still starts: alive (the loop runs and waits), not ready (no group joined). */
@QuarkusTest
@TestProfile(NoBrokerTest.NoBroker.class)
class NoBrokerTest {
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "reelrank.archive.kafka.bootstrap-servers", "127.0.0.1:9",
                    "reelrank.archive.location", "target/no-broker-archive",
                    "reelrank.archive.pseudonym-key", "a-test-key-that-is-at-least-32-bytes-long");
        }
    }

    @Test
    void liveButNotReady() {
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks[0].name", equalTo("event-archiver"))
                .body("checks[0].data.archived", equalTo(0));
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks[0].name", equalTo("kafka-consumer-group"));
    }
}
