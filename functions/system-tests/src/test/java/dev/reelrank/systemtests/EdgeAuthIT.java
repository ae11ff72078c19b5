package dev.reelrank.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reelrank.model.auth.Rs256Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authentication at the edge as scripts/local runs the functions (reelrank.auth.mode=jwt with the
 * local key pair under var/auth/ and the issuer reelrank-local): users' tokens are minted here
 * with that key, as scripts/token does.
 */
class EdgeAuthIT {
    private static final String ISSUER = System.getenv().getOrDefault("REELRANK_AUTH_ISSUER", "reelrank-local");
    private final SystemTestEvents events = new SystemTestEvents("-auth-");
    private final String user = "st-" + events.run + "-au1";
    private final String other = "st-" + events.run + "-au2";

    private static PrivateKey localKey() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pem = dir.resolve("var/auth/private.pem");
            if (Files.exists(pem)) return Rs256Tokens.readPrivateKey(Files.readString(pem));
        }
        throw new IllegalStateException("no var/auth/private.pem: start the functions with scripts/local up");
    }

    private static String bearer(String sub, String... scopes) throws IOException {
        return "Bearer " + Rs256Tokens.sign(localKey(), ISSUER, sub, List.of(scopes), Instant.now(), Duration.ofMinutes(10));
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** Plain HTTP, not RestAssured: its default specification carries the suite's service token (ClientAuth). */
    private HttpResponse<String> send(String authorization, String url, String contentType, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (authorization != null) request.header("Authorization", authorization);
        if (body == null) request.GET();
        else request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> feed(String authorization, String userId) throws Exception {
        return send(authorization, SystemTestEvents.FEED + "/v1/users/" + userId + "/feed/home", null, null);
    }

    private HttpResponse<String> post(String authorization, String contentType, Object body) throws Exception {
        return send(authorization, SystemTestEvents.INGESTION + "/v1/events", contentType, body);
    }

    private static final String ONE = "application/cloudevents+json";
    private static final String BATCH = "application/cloudevents-batch+json";

    @Test
    void withoutATokenBothFunctionsAnswer401() throws Exception {
        var feed = feed(null, user);
        assertEquals(401, feed.statusCode());
        assertEquals("Bearer", feed.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(feed.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        var post = post(null, ONE, events.interaction(user, "v1", "click", Map.of()));
        assertEquals(401, post.statusCode());
        assertEquals("Bearer", post.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void aUserReadsItsOwnFeedButNotAnothers() throws Exception {
        assertEquals(200, feed(bearer(user), user).statusCode());
        var refused = feed(bearer(user), other);
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("https://reelrank.dev/problems/forbidden"), refused.body());
    }

    @Test
    void aProducerPostsItsOwnEventsOnly() throws Exception {
        String producer = bearer(user, "events:write");
        assertEquals(202, post(producer, ONE, events.interaction(user, "v1", "click", Map.of())).statusCode());
        var refused = post(producer, BATCH,
                List.of(events.interaction(user, "v1", "click", Map.of()), events.interaction(other, "v1", "click", Map.of())));
        assertEquals(403, refused.statusCode());
        assertEquals(1, json.readTree(refused.body()).path("index").asInt(), refused.body());
        assertTrue(refused.body().contains("nothing of the batch was accepted"), refused.body());
    }

    @Test
    void aServicePostsForAnyone() throws Exception {
        assertEquals(202, post(bearer("st-loadgen", "reelrank:service"), ONE,
                events.interaction(other, "v1", "click", Map.of())).statusCode());
    }
}
