package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With the real Kafka but no Redis, a not_interested is still accepted (the event is durable in
 * Kafka; only the immediate suppression is lost) within the suppression timeout, and the function
 * stays ready.
 */
@QuarkusTest
@TestProfile(RedisUnavailableIT.NoRedis.class)
class RedisUnavailableIT {
    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 1 is closed on a developer machine: connections are refused at once.
            return Map.of(
                    "quarkus.redis.hosts", "redis://127.0.0.1:1",
                    "reelrank.negative-feedback.timeout", "300ms");
        }
    }

    @Test
    void notInterestedIsAcceptedWithoutRedis() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"nr-%s","source":"/it","type":"video.interaction",
                         "data":{"userId":"nr-%s","videoId":"v1","action":"not_interested"}}""".formatted(run, run))
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < 5_000, "took " + tookMs + " ms");
    }

    @Test
    void readinessDoesNotDependOnRedis() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
