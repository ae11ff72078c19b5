package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * exclude=, category=, language= and maxDurationSeconds= on both routes against the real Redis and
 * Cassandra (scripts/stack up), ranking off, popularity the only source. Eight videos of this run
 * head the global list, each on its own channel: even ones in category A, odd ones in B; v0–v3 in
 * language xa, v4–v7 in xb; video i lasts 60·(i+1) s. The categories are this run's own, so other
 * tests' videos in the shared list never match them.
 */
@QuarkusTest
@TestProfile(RankingOffProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedFiltersIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = "ff-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = run + "-user";
    private final String categoryA = run + "-a";
    private FeatureSeeder seeder;

    private String video(int i) {
        return run + "-v" + i;
    }

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 8; i++) {
            seeder.video(video(i), run + "-ch" + i, i % 2 == 0 ? categoryA : run + "-b", i < 4 ? run + "-xa" : run + "-xb", 60 * (i + 1));
            seeder.popular(video(i), top - i);
        }
        seeder.user(user, List.of());
    }

    @AfterAll
    void cleanUp() throws Exception {
        seeder.removePopularity();
    }

    private JsonPath home(String... query) {
        var request = given().queryParam("limit", 20);
        for (int i = 0; i + 1 < query.length; i += 2) request = request.queryParam(query[i], query[i + 1]);
        return request.when().get("/v1/users/{userId}/feed/home", user).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void homeServesTheCategoryWithoutTheExcludedVideosAndSaysWhy() {
        var body = home("category", categoryA, "exclude", video(2) + "," + run + "-unknown");
        assertEquals(List.of(video(0), video(4), video(6)), body.getList("items.videoId"));
        assertEquals(List.of("trending", "trending", "trending"), body.getList("items.reason"), "the global popular list");
        assertEquals(Set.of("popular"), Set.copyOf(body.getList("items.source")));
        assertEquals(false, body.getBoolean("fallback"));
    }

    @Test
    void upNextServesTheCategoryWithoutTheExcludedVideosNorTheOneBeingWatched() {
        var body = given().queryParam("userId", user).queryParam("category", categoryA)
                .queryParam("exclude", video(4)).queryParam("limit", 20)
                .when().get("/v1/videos/{videoId}/up-next", video(0))
                .then().statusCode(200).body("fallback", is(false)).extract().jsonPath();
        assertEquals(List.of(video(2), video(6)), body.getList("items.videoId"));
        assertEquals(List.of("trending", "trending"), body.getList("items.reason"));
    }

    @Test
    void excludeMayBeRepeated() {
        var ids = given().queryParam("category", categoryA).queryParam("exclude", video(0)).queryParam("exclude", video(6))
                .when().get("/v1/users/{userId}/feed/home", user).then().statusCode(200).extract().jsonPath().getList("items.videoId");
        assertEquals(List.of(video(2), video(4)), ids);
    }

    @Test
    void languageAndMaxDurationNarrowTogether() {
        // Language xb: v4 (300 s), v5 (360 s), v6 (420 s), v7 (480 s).
        assertEquals(List.of(video(4), video(5)), home("language", run + "-xb", "maxDurationSeconds", "360").getList("items.videoId"));
    }

    @Test
    void aCategoryNothingHasLeavesAnEmptyFeedNotAnUnfilteredOne() {
        var body = home("category", run + "-none");
        assertEquals(List.of(), body.getList("items"));
        assertEquals("no_candidates", body.getString("fallbackReason"), "the popular fallback list was filtered too");
    }

    @Test
    void badFilterValuesAreProblemsNamingTheParameter() {
        badOnBothRoutes("exclude", "a,,b");
        badOnBothRoutes("exclude", "has space");
        badOnBothRoutes("exclude", IntStream.range(0, 501).mapToObj(i -> "x" + i).collect(Collectors.joining(",")));
        badOnBothRoutes("maxDurationSeconds", "0");
        badOnBothRoutes("maxDurationSeconds", "ten");
        badOnBothRoutes("category", "bad\u0007value");
        badOnBothRoutes("language", "x".repeat(65));
    }

    private void badOnBothRoutes(String name, String value) {
        given().queryParam(name, value).when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("invalid-params[0].name", is(name)).body("invalid-params[0].in", is("query"));
        given().queryParam(name, value).when().get("/v1/videos/{videoId}/up-next", video(0))
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("invalid-params[0].name", is(name));
    }

    @Test
    void filtersAndReasonsAreInTheOpenApiDocument() {
        var doc = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        for (String path : List.of("'/v1/users/{userId}/feed/home'", "'/v1/videos/{videoId}/up-next'")) {
            for (String p : List.of("exclude", "category", "language", "maxDurationSeconds")) {
                doc.body("paths." + path + ".get.parameters.name", hasItem(p));
            }
        }
        doc.body("components.schemas.FeedItem.properties.reason.enum", hasItem("because_you_watched"))
                .body("components.schemas.FeedItem.properties.reasonVideoId.description", notNullValue());
    }
}
