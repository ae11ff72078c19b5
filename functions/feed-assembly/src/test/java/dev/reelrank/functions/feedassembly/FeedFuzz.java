package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Random;

/** Sends {@link HostileFeedRequests} and checks each answer: 2xx, or 4xx with a problem body; never 5xx. */
final class FeedFuzz {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedFuzz() {}

    /** @return how many answers were 4xx */
    static int run(RawHttp http, HostileFeedRequests.Route route, long seed, int tries) throws IOException {
        var random = new Random(seed + route.ordinal());
        int refused = 0;
        for (int i = 0; i < tries; i++) {
            var request = HostileFeedRequests.next(route, random);
            var response = http.get(request.target(), request.headers());
            String where = "try " + i + " (seed " + seed + ", " + route + "): " + response.status() + " "
                    + response.contentType() + " " + abbreviated(response.body()) + " for " + request;
            assertTrue(response.status() >= 200 && response.status() < 500, where);
            if (response.status() >= 400) {
                refused++;
                assertTrue(response.contentType().startsWith(Problem.MEDIA_TYPE), where);
                JsonNode problem = JSON.readTree(response.body());
                assertEquals(response.status(), problem.path("status").asInt(), where);
                assertNotNull(problem.get("title"), where);
            }
        }
        return refused;
    }

    private static String abbreviated(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
