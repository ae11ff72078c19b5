package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The feed routes against the real Redis and Cassandra (scripts/stack up), ranking switched
 * off so the order is the popularity order. Sixteen videos of this run head the global list:
 * v00–v05 on one channel, then two videos on each of five more channels; the user watched
 * v01 and v07.
 */
@QuarkusTest
@TestProfile(RankingOffProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedAssemblyIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = "fa-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = run + "-user";
    private FeatureSeeder seeder;

    private String video(int i) {
        return String.format("%s-v%02d", run, i);
    }

    private String channelOf(int i) {
        return run + "-ch" + (i < 6 ? "A" : (char) ('B' + (i - 6) / 2));
    }

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 16; i++) {
            seeder.video(video(i), channelOf(i));
            seeder.popular(video(i), top - i);
        }
        seeder.user(user, List.of(video(1), video(7)));
    }

    @AfterAll
    void cleanUp() throws Exception {
        seeder.removePopularity();
    }

    @Test
    void homeFeedIsThePopularVideosMinusWatchedAtMostThreePerChannel() {
        var body = given().header("X-Device", "mobile").header("X-Region", "br").queryParam("limit", 10)
                .when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("userId", is(user))
                .body("requestId", notNullValue())
                .body("modelVersion", is("popularity-v0"))
                .body("fallback", is(false))
                .body("fallbackReason", nullValue())
                .extract().jsonPath();

        List<String> ids = body.getList("items.videoId");
        // v01 and v07 watched; channel A capped at three (v04, v05 pushed behind the page).
        assertEquals(List.of(video(0), video(2), video(3), video(6), video(8), video(9), video(10), video(11),
                video(12), video(13)), ids);
        assertAtMostThreePerChannel(body.getList("items.channelId"));
        assertEquals(Set.of("popular"), Set.copyOf(body.getList("items.source")));
        List<Float> scores = body.getList("items.score", Float.class);
        for (int i = 1; i < scores.size(); i++) assertTrue(scores.get(i - 1) >= scores.get(i), "scores best first");
    }

    @Test
    void responseHasExactlyTheContractFields() {
        Map<String, Object> body = given().queryParam("limit", 2).when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(Set.of("requestId", "userId", "modelVersion", "fallback", "fallbackReason", "items", "bucket", "context"),
                body.keySet());
        assertEquals("control", body.get("bucket"), "no experiment configured: everyone in control");
        @SuppressWarnings("unchecked")
        var item = ((List<Map<String, Object>>) body.get("items")).getFirst();
        assertEquals(Set.of("videoId", "channelId", "score", "source", "reason", "reasonVideoId"), item.keySet());
    }

    @Test
    void defaultLimitIsTwenty() {
        var body = given().when().get("/v1/users/{userId}/feed/home", user).then().statusCode(200).extract().jsonPath();
        List<String> ids = body.getList("items.videoId");
        // Other tests' videos may follow ours in the shared global list; ours come first.
        assertTrue(ids.size() >= 12 && ids.size() <= 20, "20 at most, and all our unwatched ones: " + ids);
        assertEquals(List.of(video(0), video(2), video(3), video(6), video(8), video(9), video(10), video(11),
                video(12), video(13), video(14), video(15)), ids.subList(0, 12));
    }

    @Test
    void requestIdFromTheGatewayIsEchoed() {
        given().header("X-Request-Id", run + "-req").queryParam("limit", 1)
                .when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(200).body("requestId", is(run + "-req"));
    }

    @Test
    void upNextForASignedOutViewerSkipsTheVideoBeingWatched() {
        var body = given().queryParam("limit", 5).when().get("/v1/videos/{videoId}/up-next", video(0))
                .then().statusCode(200).body("userId", is("anonymous")).body("fallback", is(false))
                .extract().jsonPath();
        assertEquals(List.of(video(1), video(2), video(3), video(6), video(7)), body.getList("items.videoId"));
    }

    @Test
    void upNextOfASignedInViewerAlsoSkipsWatchedVideos() {
        var body = given().queryParam("userId", user).queryParam("limit", 4)
                .when().get("/v1/videos/{videoId}/up-next", video(2))
                .then().statusCode(200).body("userId", is(user)).extract().jsonPath();
        assertEquals(List.of(video(0), video(3), video(4), video(6)), body.getList("items.videoId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "-3"})
    void badLimitIsAProblemNamingIt(String limit) {
        given().queryParam("limit", limit).when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("title", notNullValue())
                .body("type", is(Problem.INVALID_PARAMETER_TYPE))
                .body("detail", containsString("limit"))
                .body("invalid-params[0].name", is("limit"))
                .body("invalid-params[0].in", is("query"));
    }

    @Test
    void badIdsAreProblemsNamingThem() {
        given().when().get("/v1/users/{userId}/feed/home", "bad;id")
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params[0].name", is("userId"));
        given().queryParam("userId", "no spaces").when().get("/v1/videos/{videoId}/up-next", video(0))
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params[0].name", is("userId")).body("invalid-params[0].in", is("query"));
        given().header("X-Region", "Brazil").when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params[0].name", is("X-Region"));
    }

    @Test
    void bothRoutesAreDescribedInOpenApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/v1/users/{userId}/feed/home'.get.summary", notNullValue())
                .body("paths.'/v1/videos/{videoId}/up-next'.get.summary", notNullValue());
    }

    @Test
    void readyWithTheStackUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }

    private static void assertAtMostThreePerChannel(List<String> channels) {
        var counts = new HashMap<String, Integer>();
        var over = new ArrayList<String>();
        for (String c : channels) {
            if (c != null && counts.merge(c, 1, Integer::sum) > 3) over.add(c);
        }
        assertTrue(over.isEmpty(), "channels over the cap: " + over + " in " + channels);
    }
}
