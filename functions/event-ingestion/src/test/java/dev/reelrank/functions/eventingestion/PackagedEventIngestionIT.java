package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact, started as it ships: the runner jar, or with {@code -Pnative} the native
 * executable, where these paths exercise what only reflection reaches (the Protobuf JSON mapping,
 * the problem body, kafka-clients' serializers). Needs the stack's Kafka (scripts/stack up).
 */
@QuarkusIntegrationTest
class PackagedEventIngestionIT {
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStructuredVideoIsAcceptedAndPublished() {
        String id = "pkg-v-" + run;
        String event = """
                {"specversion":"1.0","id":"%s","source":"/it","type":"video.published","time":"2026-11-25T09:00:00Z",
                 "data":{"videoId":"v-%s","channelId":"c-1","durationSeconds":30,"category":"music"}}""".formatted(id, run);
        given().contentType("application/cloudevents+json").body(event)
                .when().post("/v1/events")
                .then().statusCode(202).body("ids", equalTo(List.of(id)));
    }

    @Test
    void anUnknownPayloadFieldIsNamedInTheProblem() {
        given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", "pkg-bad-" + run).header("ce-source", "/it")
                .header("ce-type", "video.interaction")
                .body("""
                        {"userId":"u-%s","videoId":"v-1","action":"watch","watchSeconds":3,"surface":"home","bogus":1}""".formatted(run))
                .when().post("/v1/events")
                .then().statusCode(400).body("field", equalTo("data.bogus"));
    }

    @Test
    void readinessIsUpWithKafkaReachable() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
