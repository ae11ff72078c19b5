package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends {@link HostileRequests} over real HTTP and checks the answer every fuzz test requires:
 * 2xx, or 4xx with an RFC 9457 problem body; never 5xx (what a test allows instead is its own call).
 */
final class FuzzClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI events;

    FuzzClient(URI events) {
        this.events = events;
    }

    HttpResponse<String> send(HostileRequests.Request r, String accept) {
        var b = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (r.contentType() != null) b.header("Content-Type", r.contentType());
        if (accept != null) b.header("Accept", accept);
        r.headers().forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer (" + e + ") to " + r, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** 4xx: a problem body with its status and a title. */
    static void assertProblem(HttpResponse<String> response, Object request) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith(Problem.MEDIA_TYPE), response.statusCode() + " with Content-Type " + type
                + " and body " + response.body() + " for " + request);
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("problem body is not JSON: " + response.body() + " for " + request, e);
        }
        assertEquals(response.statusCode(), problem.path("status").asInt(), response.body());
        assertNotNull(problem.get("title"), response.body());
    }

    /** The ids of a 202 body. */
    static List<String> acceptedIds(HttpResponse<String> response) {
        try {
            var ids = new ArrayList<String>();
            JSON.readTree(response.body()).path("ids").forEach(id -> ids.add(id.asText()));
            return ids;
        } catch (IOException e) {
            return fail("202 body is not JSON: " + response.body());
        }
    }
}
