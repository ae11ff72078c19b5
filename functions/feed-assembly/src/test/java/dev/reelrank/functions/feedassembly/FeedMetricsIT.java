package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * /q/metrics after real feeds against the stack's Redis and Cassandra, with re-ranking unreachable so
 * every series of docs/metrics.md that feed-assembly owns has a non-zero sample: requests and fallbacks
 * by reason, ranking calls by outcome, per-source latency and candidates, the breaker's state.
 */
@QuarkusTest
@TestProfile(RankingUnreachableProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedMetricsIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = "fm-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = run + "-user";
    private FeatureSeeder seeder;

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 6; i++) {
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
    void feedsShowUpAsNonZeroSeries() {
        for (int i = 0; i < 3; i++) {
            given().when().get("/v1/users/{userId}/feed/home", user).then().statusCode(200);
        }
        given().when().get("/v1/videos/{videoId}/up-next", run + "-v0").then().statusCode(200);
        given().queryParam("limit", "many").when().get("/v1/users/{userId}/feed/home", user).then().statusCode(400);

        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("reelrank_breaker_state{breaker=\"ranking\",function=\"feed-assembly\"}"))
                .extract().asString();
        assertNonZero(metrics, "reelrank_feed_requests_seconds_count", "route=\"home\"", "outcome=\"fallback\"");
        assertNonZero(metrics, "reelrank_feed_requests_seconds_count", "route=\"up_next\"");
        assertNonZero(metrics, "reelrank_feed_requests_seconds_count", "outcome=\"client_error\"");
        assertNonZero(metrics, "reelrank_feed_requests_seconds_bucket", "le=\"0.25\"");
        assertNonZero(metrics, "reelrank_feed_fallbacks_total", "route=\"home\"");
        assertNonZero(metrics, "reelrank_ranking_latency_seconds_count", "outcome=");
        // This user has no history or region: the plan asks only the popular source.
        assertNonZero(metrics, "reelrank_retrieval_latency_seconds_count", "source=\"popular\"");
        assertNonZero(metrics, "reelrank_retrieval_candidates_count", "source=");
        assertNonZero(metrics, "http_server_requests_seconds_count", "uri=\"/v1/users/{userId}/feed/home\"");
    }

    /** Some sample of {@code series} whose labels contain every one of {@code labels} is above 0. */
    static void assertNonZero(String exposition, String series, String... labels) {
        var line = Pattern.compile("^" + Pattern.quote(series) + "\\{(.*?)\\} ([0-9.eE+-]+)(?: #.*)?$", Pattern.MULTILINE).matcher(exposition);
        while (line.find()) {
            String found = line.group(1);
            boolean all = true;
            for (String l : labels) all &= found.contains(l);
            if (all && Double.parseDouble(line.group(2)) > 0) return;
        }
        assertTrue(false, series + " with " + List.of(labels) + " has no non-zero sample in:\n" + exposition);
    }
}
