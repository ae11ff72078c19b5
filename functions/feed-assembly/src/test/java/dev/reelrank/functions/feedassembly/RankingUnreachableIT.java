package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** re-ranking down: feeds still answer, in popularity order, flagged as a fallback. */
@QuarkusTest
@TestProfile(RankingUnreachableProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankingUnreachableIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = "fu-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = run + "-user";
    private FeatureSeeder seeder;

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 3; i++) {
            seeder.video(run + "-v" + i, run + "-ch" + i);
            seeder.popular(run + "-v" + i, top - i);
        }
        seeder.user(user, List.of());
    }

    @AfterAll
    void cleanUp() throws Exception {
        seeder.removePopularity();
    }

    @Test
    void feedFallsBackToRetrievalOrderAndSaysSo() {
        // Past the circuit breaker's volume threshold too: an open breaker must degrade the same way,
        // and say that it is the breaker (the calls that opened it said ranking_unavailable, or
        // ranking_timeout while a cold channel was still trying to connect).
        var reasons = new java.util.ArrayList<String>();
        for (int attempt = 0; attempt < 25; attempt++) {
            var body = given().queryParam("limit", 3).when().get("/v1/users/{userId}/feed/home", user)
                    .then().statusCode(200)
                    .body("fallback", is(true))
                    .body("fallbackReason", org.hamcrest.Matchers.oneOf("ranking_unavailable", "ranking_timeout", "ranking_circuit_open"))
                    .body("modelVersion", is("popularity-v0"))
                    .extract().jsonPath();
            assertEquals(List.of(run + "-v0", run + "-v1", run + "-v2"), body.getList("items.videoId"), "attempt " + attempt);
            reasons.add(body.getString("fallbackReason"));
        }
        assertTrue(reasons.contains("ranking_unavailable"), reasons.toString());
        assertEquals("ranking_circuit_open", reasons.getLast(), "after 20 failed calls the breaker is open: " + reasons);
    }
}
