package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.reelrank.model.auth.Rs256Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * reelrank.auth.mode=jwt with a key pair made by the test. Kafka is at a dead address: an event
 * that passes authorization reaches the publisher and gets 503, so 503 means "would have been
 * published" and 401/403 mean it never reached the publisher.
 */
@QuarkusTest
@TestProfile(JwtAuthTest.Jwt.class)
class JwtAuthTest {
    static final String PRODUCER = "events:write";
    static final String SERVICE = "reelrank:service";

    public static class Jwt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "reelrank.auth.mode", "jwt",
                    "mp.jwt.verify.publickey.location", TestKeys.PUBLIC_PEM.toUri().toString(),
                    "mp.jwt.verify.issuer", TestKeys.ISSUER,
                    "reelrank.ingestion.kafka.bootstrap-servers", "127.0.0.1:9",
                    "reelrank.ingestion.ack-timeout", "1S");
        }
    }

    static String interaction(String id, String userId) {
        return """
                {"specversion":"1.0","id":"%s","source":"/t","type":"video.interaction",
                 "data":{"userId":"%s","videoId":"v1","action":"click"}}""".formatted(id, userId);
    }

    static final String PUBLISHED = """
            {"specversion":"1.0","id":"p1","source":"/t","type":"video.published",
             "data":{"videoId":"v9","channelId":"c1","title":"t"}}""";

    static ValidatableResponse post(String token, String contentType, String body) {
        var request = given().contentType(contentType).body(body);
        if (token != null) request.header("Authorization", "Bearer " + token);
        return request.when().post("/v1/events").then();
    }

    static ValidatableResponse structured(String token, String body) {
        return post(token, "application/cloudevents+json", body);
    }

    @Test
    void noTokenIs401WithAProblemAndTheBearerChallenge() {
        structured(null, interaction("a1", "u1")).statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("type", equalTo("https://reelrank.dev/problems/unauthorized"))
                .body("status", equalTo(401));
    }

    @Test
    void aTokenOfAnotherKeyIs401() {
        String forged = TestKeys.token(Rs256Tokens.newKeyPair().getPrivate(), TestKeys.ISSUER, "u1",
                Instant.now(), Duration.ofMinutes(5), PRODUCER);
        structured(forged, interaction("a2", "u1")).statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void anExpiredTokenIs401() {
        String expired = TestKeys.token(TestKeys.PAIR.getPrivate(), TestKeys.ISSUER, "u1",
                Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(5), PRODUCER);
        structured(expired, interaction("a3", "u1")).statusCode(401);
    }

    @Test
    void aTokenOfAnotherIssuerIs401() {
        String other = TestKeys.token(TestKeys.PAIR.getPrivate(), "someone-else", "u1",
                Instant.now(), Duration.ofMinutes(5), PRODUCER);
        structured(other, interaction("a4", "u1")).statusCode(401);
    }

    @Test
    void withoutTheProducerScopeIs403() {
        structured(TestKeys.token("u1"), interaction("a5", "u1")).statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://reelrank.dev/problems/forbidden"))
                .body("detail", containsString(PRODUCER));
    }

    @Test
    void aProducerCannotPostAsAnotherUser() {
        structured(TestKeys.token("u1", PRODUCER), interaction("a6", "u2")).statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("u2"));
    }

    @Test
    void aProducerCannotPostAsAnotherUserInBinaryMode() {
        given().contentType("application/json")
                .header("Authorization", "Bearer " + TestKeys.token("u1", PRODUCER))
                .header("ce-specversion", "1.0").header("ce-id", "b1").header("ce-source", "/t")
                .header("ce-type", "video.interaction")
                .body("{\"userId\":\"u2\",\"videoId\":\"v1\",\"action\":\"click\"}")
                .when().post("/v1/events").then().statusCode(403);
    }

    @Test
    void aBatchWithOneForeignEventIsRefusedWhole() {
        String batch = "[" + interaction("c1", "u1") + "," + interaction("c2", "u1") + "," + interaction("c3", "u3") + "]";
        post(TestKeys.token("u1", PRODUCER), "application/cloudevents-batch+json", batch).statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("index", equalTo(2))
                .body("detail", containsString("nothing of the batch was accepted"));
    }

    @Test
    void aProducerPostsItsOwnEvents() {
        // 503: past authorization, at the (dead) publisher.
        structured(TestKeys.token("u1", PRODUCER), interaction("a7", "u1")).statusCode(503);
    }

    @Test
    void aProducerCannotPublishVideos() {
        structured(TestKeys.token("u1", PRODUCER), PUBLISHED).statusCode(403)
                .body("detail", containsString(SERVICE));
    }

    @Test
    void aServiceTokenPostsAnyonesEventsAndVideos() {
        String service = TestKeys.token("loadgen", SERVICE);
        post(service, "application/cloudevents-batch+json",
                "[" + interaction("d1", "u5") + "," + interaction("d2", "u6") + "," + PUBLISHED + "]").statusCode(503);
    }

    @Test
    void invalidEventsOfAnAuthenticatedCallerAreStill400() {
        structured(TestKeys.token("u1", PRODUCER), interaction("a8", "bad id")).statusCode(400);
    }

    @Test
    void healthAndOpenApiNeedNoToken() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
