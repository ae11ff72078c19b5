package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reelrank.auth.mode=gateway: the subject and scopes come from the gateway's headers (names configurable). */
@QuarkusTest
@TestProfile(GatewayAuthTest.Gateway.class)
class GatewayAuthTest {
    public static class Gateway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "reelrank.auth.mode", "gateway",
                    "reelrank.auth.gateway.subject-header", "X-Sub",
                    "reelrank.ingestion.kafka.bootstrap-servers", "127.0.0.1:9",
                    "reelrank.ingestion.ack-timeout", "1S");
        }
    }

    @Test
    void withoutTheSubjectHeaderIs401() {
        given().contentType("application/cloudevents+json").body(JwtAuthTest.interaction("g1", "u1"))
                .when().post("/v1/events").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void theForwardedSubjectAndScopesAreAuthorized() {
        given().contentType("application/cloudevents+json").header("X-Sub", "u1").header("X-Reelrank-Scopes", "events:write")
                .body(JwtAuthTest.interaction("g2", "u2"))
                .when().post("/v1/events").then().statusCode(403);
        given().contentType("application/cloudevents+json").header("X-Sub", "u1").header("X-Reelrank-Scopes", "openid,events:write")
                .body(JwtAuthTest.interaction("g3", "u1"))
                .when().post("/v1/events").then().statusCode(503);
    }
}
