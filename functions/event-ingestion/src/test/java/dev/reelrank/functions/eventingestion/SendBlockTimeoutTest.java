package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka unreachable but not (yet) known down: the liveness probe is off, so a request blocks in the
 * producer's send for the topic's metadata. It is answered 503 + Retry-After + problem once
 * send-block-timeout (200 ms here) expires, not after ack-timeout (60 s here): the detail names the
 * producer's own 200 ms, which it could only have reached with the bound applied.
 */
@QuarkusTest
@TestProfile(SendBlockTimeoutTest.UnknownDown.class)
class SendBlockTimeoutTest {
    public static class UnknownDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 1 is closed: connections are refused, metadata never arrives.
            return Map.of(
                    "reelrank.ingestion.kafka.bootstrap-servers", "127.0.0.1:1",
                    "reelrank.ingestion.kafka.liveness-interval", "0S",
                    "reelrank.ingestion.kafka.send-block-timeout", "200MS",
                    "reelrank.ingestion.ack-timeout", "60S",
                    "reelrank.ingestion.retry-after", "3S",
                    "reelrank.ingestion.kafka.readiness-timeout", "500MS");
        }
    }

    static String interaction(String id) {
        return """
                {"specversion":"1.0","id":"%s","source":"/t","type":"video.interaction",
                 "data":{"userId":"u","videoId":"v","action":"click"}}""".formatted(id);
    }

    @Test
    void aSendBlockedOnMissingMetadataIs503AfterTheBound() {
        given().contentType("application/cloudevents+json").body(interaction("b1"))
                .when().post("/v1/events")
                .then().statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("3"))
                .body("type", equalTo("https://reelrank.dev/problems/event-log-unavailable"))
                .body("detail", containsString("200 ms"))
                .body("detail", containsString("retry with the same event ids"));
    }

    @Test
    void aBatchStopsAtItsFirstBlockedSend() {
        String batch = "[" + interaction("b2") + "," + interaction("b3") + "," + interaction("b4") + "]";
        given().contentType("application/cloudevents-batch+json").body(batch)
                .when().post("/v1/events")
                .then().statusCode(503)
                .header("Retry-After", equalTo("3"))
                .body("detail", containsString("200 ms"));
    }
}
