package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact, started as it ships: the runner jar, or with {@code -Pnative} the native
 * executable, where these paths exercise what only reflection reaches (the Protobuf JSON mapping,
 * the problem body, kafka-clients' serializers). Needs the stack's Kafka (scripts/stack up).
 * Authentication as it ships (jwt), with a test key: the token's verification is packaged too.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedEventIngestionIT.Jwt.class)
class PackagedEventIngestionIT {
    public static class Jwt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelrank.auth.mode", "jwt",
                    "mp.jwt.verify.publickey.location", TestKeys.PUBLIC_PEM.toUri().toString(),
                    "mp.jwt.verify.issuer", TestKeys.ISSUER);
        }
    }

    private static final String SERVICE = "Bearer " + TestKeys.token("it-service", "reelrank:service");

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStructuredVideoIsAcceptedAndPublished() {
        String id = "pkg-v-" + run;
        String event = """
                {"specversion":"1.0","id":"%s","source":"/it","type":"video.published","time":"2026-11-25T09:00:00Z",
                 "data":{"videoId":"v-%s","channelId":"c-1","durationSeconds":30,"category":"music"}}""".formatted(id, run);
        given().contentType("application/cloudevents+json").body(event).header("Authorization", SERVICE)
                .when().post("/v1/events")
                .then().statusCode(202).body("ids", equalTo(List.of(id)));
    }

    @Test
    void anUnknownPayloadFieldIsNamedInTheProblem() {
        given().contentType("application/json").header("Authorization", SERVICE)
                .header("ce-specversion", "1.0").header("ce-id", "pkg-bad-" + run).header("ce-source", "/it")
                .header("ce-type", "video.interaction")
                .body("""
                        {"userId":"u-%s","videoId":"v-1","action":"watch","watchSeconds":3,"surface":"home","bogus":1}""".formatted(run))
                .when().post("/v1/events")
                .then().statusCode(400).body("field", equalTo("data.bogus"));
    }

    @Test
    void withoutATokenIs401() {
        given().contentType("application/cloudevents+json").body("{}")
                .when().post("/v1/events")
                .then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void readinessIsUpWithKafkaReachable() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
