package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.reelrank.model.auth.Rs256Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The feed routes with reelrank.auth.mode=jwt on the real stack (scripts/stack up), with a key
 * pair made by the test: no token 401, another user's feed 403, one's own and a service's 200.
 */
@QuarkusTest
@TestProfile(FeedAuthIT.Jwt.class)
class FeedAuthIT {
    static final String ISSUER = "reelrank-test";
    static final java.security.KeyPair PAIR = Rs256Tokens.newKeyPair();

    public static class Jwt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path pem = Files.createTempFile("reelrank-test-public", ".pem");
                pem.toFile().deleteOnExit();
                Files.writeString(pem, Rs256Tokens.publicKeyPem(PAIR.getPublic()));
                var overrides = new HashMap<>(new RankingOffProfile().getConfigOverrides());
                overrides.putAll(Map.of("reelrank.auth.mode", "jwt",
                        "mp.jwt.verify.publickey.location", pem.toUri().toString(),
                        "mp.jwt.verify.issuer", ISSUER));
                return overrides;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String token(String sub, String... scopes) {
        return "Bearer " + Rs256Tokens.sign(PAIR.getPrivate(), ISSUER, sub, List.of(scopes), Instant.now(), Duration.ofMinutes(5));
    }

    @Test
    void noTokenIs401WithAProblem() {
        given().when().get("/v1/users/auth-u1/feed/home")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("type", equalTo("https://reelrank.dev/problems/unauthorized"));
        given().when().get("/v1/videos/v1/up-next").then().statusCode(401);
    }

    @Test
    void aUserCannotReadAnotherUsersFeed() {
        given().header("Authorization", token("auth-u1")).when().get("/v1/users/auth-u2/feed/home")
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://reelrank.dev/problems/forbidden"))
                .body("detail", containsString("reelrank:service"));
        given().header("Authorization", token("auth-u1")).when().get("/v1/videos/v1/up-next?userId=auth-u2")
                .then().statusCode(403);
    }

    @Test
    void aUserReadsItsOwnFeed() {
        given().header("Authorization", token("auth-u1")).when().get("/v1/users/auth-u1/feed/home").then().statusCode(200);
        given().header("Authorization", token("auth-u1")).when().get("/v1/videos/v1/up-next?userId=auth-u1").then().statusCode(200);
        given().header("Authorization", token("auth-u1")).when().get("/v1/videos/v1/up-next").then().statusCode(200);
    }

    @Test
    void aServiceReadsAnyonesFeed() {
        given().header("Authorization", token("loadgen", "reelrank:service")).when().get("/v1/users/auth-u2/feed/home")
                .then().statusCode(200);
    }

    @Test
    void healthStaysOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
