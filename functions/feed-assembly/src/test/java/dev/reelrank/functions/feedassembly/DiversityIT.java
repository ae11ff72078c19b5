package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shipped post-processing against the real Redis and Cassandra (scripts/stack up), ranking
 * off: twelve videos of this run head the global popular list, v00–v05 on channel A, v06–v11 on
 * channel B, i.e. in blocks. The page comes out alternating, capped at three a channel, with any
 * explored video tagged and scored like its neighbour above.
 */
@QuarkusTest
@TestProfile(DiversityProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiversityIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = "dv-" + UUID.randomUUID().toString().substring(0, 8);
    private FeatureSeeder seeder;

    private String video(int i) {
        return String.format("%s-v%02d", run, i);
    }

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 12; i++) {
            seeder.video(video(i), run + (i < 6 ? "-chA" : "-chB"));
            seeder.popular(video(i), top - i);
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        seeder.removePopularity();
    }

    private List<Map<String, Object>> items(String path, String id, String requestId) {
        return given().header("X-Request-Id", requestId).queryParam("limit", 10).when().get(path, id)
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void channelsAlternateInsteadOfComingInBlocksOnBothSurfaces() {
        for (int r = 0; r < 5; r++) {
            var home = items("/v1/users/{userId}/feed/home", run + "-user", run + "-home-" + r);
            var ours = new ArrayList<String>();
            for (var item : home) if (!"explore".equals(item.get("source")) && ((String) item.get("videoId")).startsWith(run)) ours.add((String) item.get("videoId"));
            assertEquals(List.of(video(0), video(6), video(1), video(7), video(2), video(8)), ours.subList(0, Math.min(6, ours.size())), "home " + home);
            assertServedRules(home);

            var upNext = items("/v1/videos/{videoId}/up-next", video(0), run + "-upnext-" + r);
            var ourUpNext = new ArrayList<String>();
            for (var item : upNext) if (!"explore".equals(item.get("source")) && ((String) item.get("videoId")).startsWith(run)) ourUpNext.add((String) item.get("videoId"));
            assertEquals(List.of(video(1), video(6), video(2), video(7), video(3), video(8)), ourUpNext.subList(0, Math.min(6, ourUpNext.size())),
                    "up next " + upNext);
            assertServedRules(upNext);
        }
    }

    @Test
    void aRetriedRequestIdGetsTheSamePage() {
        assertEquals(items("/v1/users/{userId}/feed/home", run + "-user", run + "-same"),
                items("/v1/users/{userId}/feed/home", run + "-user", run + "-same"));
    }

    /** Scores never rise; an explored item is never first and serves the score above it; no channel twice in a row among ours. */
    private void assertServedRules(List<Map<String, Object>> items) {
        assertNotEquals("explore", items.getFirst().get("source"));
        for (int i = 1; i < items.size(); i++) {
            double above = ((Number) items.get(i - 1).get("score")).doubleValue(), score = ((Number) items.get(i).get("score")).doubleValue();
            assertTrue(score <= above, "scores never rise: " + items);
            String channel = (String) items.get(i).get("channelId");
            if (((String) items.get(i).get("videoId")).startsWith(run) && !"explore".equals(items.get(i).get("source")))
                assertNotEquals(items.get(i - 1).get("channelId"), channel, "one channel twice in a row: " + items);
        }
    }
}
