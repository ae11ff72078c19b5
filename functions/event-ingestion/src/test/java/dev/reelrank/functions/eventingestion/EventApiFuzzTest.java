package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.functions.eventingestion.HostileRequests.Mode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP half of the fuzz, without Kafka, so that it runs in every build: hostile requests of
 * each mode through the real server (Vert.x, the body guard, the REST layer, the exception
 * mappers). Every answer is 2xx or 4xx with a problem body; the only 5xx allowed is the honest 503
 * of a request that passed validation and found no broker. The stack's run with 10,000 requests
 * per mode and the Kafka check is {@link EventApiFuzzIT}.
 */
@QuarkusTest
@TestProfile(EventApiFuzzTest.NoBroker.class)
class EventApiFuzzTest {
    static final long SEED = 20261206L;
    /** Requests per mode: enough to draw every mutation many times, cheap enough for every build. */
    static final int TRIES = Integer.getInteger("reelrank.fuzz.quick-tries", 200);

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A closed port: each valid request fails fast instead of waiting out the 10 s default.
            return Map.of(
                    "reelrank.ingestion.kafka.bootstrap-servers", "127.0.0.1:9",
                    "reelrank.ingestion.ack-timeout", "200MS",
                    "reelrank.ingestion.kafka.readiness-timeout", "500MS");
        }
    }

    @TestHTTPResource("/v1/events")
    URI events;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyAnswerIs4xxWithAProblemOrTheNoBroker503(Mode mode) {
        var client = new FuzzClient(events);
        var random = new Random(SEED + mode.ordinal());
        int refused = 0;
        for (int i = 0; i < TRIES; i++) {
            var request = HostileRequests.next(mode, random);
            var response = client.send(request, HostileRequests.accept(random));
            int status = response.statusCode();
            String where = "try " + i + " (seed " + SEED + ", mode " + mode + ")";
            if (status == 503) {
                FuzzClient.assertProblem(response, request);
                assertTrue(response.body().contains("event-log-unavailable"), where + ": " + response.body());
                continue;
            }
            assertTrue(status >= 200 && status < 500, where + ": " + status + " " + response.body() + " for " + request);
            if (status >= 400) {
                FuzzClient.assertProblem(response, request);
                refused++;
            }
        }
        assertTrue(refused > TRIES / 2, "only " + refused + " of " + TRIES + " hostile requests were refused");
        // Still answering, and still validating, after all that.
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\"}")
                .when().post("/v1/events").then().statusCode(400);
        assertEquals(503, given().when().get("/q/health/ready").statusCode(), "readiness must stay honest (no broker)");
    }
}
