package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The feed routes' HTTP refusals without the stack, so they are checked in every build: the REST
 * layer's own 4xx (404, 406) carry problem bodies, and a short seeded fuzz of each route
 * gets no 5xx (feeds fall back when Redis and Cassandra are absent). The 10,000-request run
 * against the stack is {@link FeedFuzzIT}.
 */
@QuarkusTest
class FeedRoutesFuzzTest {
    static final long SEED = 20261206L;
    static final int TRIES = Integer.getInteger("reelrank.fuzz.quick-tries", 100);

    @TestHTTPResource("/")
    URL root;

    RawHttp http() {
        return new RawHttp(root.getHost(), root.getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/users/u1/feed/home|text/plain", "/v1/users/|", "/v1/nothing|", "/v1/users/a%2Fb/feed/home|",
            "/v1/users/%C3%28/feed/home?limit=%00|", "/v1/videos/v1/up-next|image/png"})
    void httpLayerRefusalsAreProblems(String probe) throws Exception {
        String[] c = probe.split("\\|", -1);
        var r = http().get(c[0], c[1].isEmpty() ? Map.of() : Map.of("Accept", c[1]));
        assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
        assertTrue(r.contentType().startsWith(Problem.MEDIA_TYPE), r.status() + " " + r.contentType() + " " + r.body());
        assertTrue(r.body().contains("\"status\":" + r.status()), r.body());
    }

    @ParameterizedTest
    @EnumSource(HostileFeedRequests.Route.class)
    void aShortFuzzGetsNo5xx(HostileFeedRequests.Route route) throws Exception {
        int refused = FeedFuzz.run(http(), route, SEED, TRIES);
        assertTrue(refused > TRIES / 3, refused + " of " + TRIES + " refused");
        assertEquals(200, http().get(route == HostileFeedRequests.Route.HOME ? "/v1/users/after/feed/home"
                : "/v1/videos/after/up-next", Map.of()).status());
    }
}
