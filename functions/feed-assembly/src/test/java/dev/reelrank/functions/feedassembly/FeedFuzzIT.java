package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 21's fuzz of the feed routes against the real Redis and Cassandra ({@code scripts/stack
 * up}): 10,000 hostile requests per route (seed {@link #SEED}; {@code -Dreelrank.fuzz.tries=N}),
 * hostile path segments, query parameters and headers (X-Device, X-Region, X-Local-Time,
 * X-Timezone, X-Request-Id, Accept, ...). Every answer is 2xx or 4xx with a problem body, never
 * 5xx; afterwards the function is still ready and a valid request still gets a feed.
 */
@QuarkusTest
class FeedFuzzIT {
    static final long SEED = 20261206L;
    static final int TRIES = Integer.getInteger("reelrank.fuzz.tries", 10_000);

    @TestHTTPResource("/")
    URL root;

    @ParameterizedTest
    @EnumSource(HostileFeedRequests.Route.class)
    void noHostileRequestGets5xxAndTheRouteStillServes(HostileFeedRequests.Route route) throws Exception {
        int refused = FeedFuzz.run(new RawHttp(root.getHost(), root.getPort()), route, SEED, TRIES);
        assertTrue(refused > 0, "no request of " + TRIES + " was refused: the generator is not hostile");
        given().when().get("/q/health/ready").then().statusCode(200);
        String valid = route == HostileFeedRequests.Route.HOME ? "/v1/users/fuzz-after/feed/home" : "/v1/videos/fuzz-after/up-next";
        given().when().get(valid).then().statusCode(200);
    }
}
