package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's context headers (X-Device, X-Region, X-Local-Time, X-Timezone) against the real
 * Redis and Cassandra (scripts/stack up): the response's context says what the feed was served
 * for and where each value came from; a bad header is a 400 problem naming it. One user of this
 * run has the home region PT, the other none.
 */
@QuarkusTest
@TestProfile(RankingOffProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestContextIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = "ctx-" + UUID.randomUUID().toString().substring(0, 8);
    private final String homed = run + "-homed";
    private final String placeless = run + "-placeless";
    private FeatureSeeder seeder;

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 3; i++) {
            seeder.video(run + "-v" + i, run + "-ch" + i);
            seeder.popular(run + "-v" + i, top - i);
        }
        seeder.userIn(homed, "PT");
        seeder.user(placeless, List.of());
    }

    @AfterAll
    void cleanUp() throws Exception {
        seeder.removePopularity();
    }

    @Test
    void theHeadersAreTheContextOfTheHomeFeed() {
        given().header("X-Device", "Mobile").header("X-Region", "br").header("X-Local-Time", "2026-12-06T19:30:00-03:00")
                .queryParam("limit", 2)
                .when().get("/v1/users/{userId}/feed/home", homed)
                .then().statusCode(200)
                .body("items.size()", is(2))
                .body("context.device", is("mobile")).body("context.deviceSource", is("header"))
                .body("context.region", is("BR")).body("context.regionSource", is("header"))
                .body("context.localHour", is(19)).body("context.localHourSource", is("header"));
    }

    @Test
    void theContextObjectHasExactlyItsFields() {
        Map<String, Object> context = given().queryParam("limit", 1).when().get("/v1/users/{userId}/feed/home", placeless)
                .then().statusCode(200).extract().jsonPath().getMap("context");
        assertEquals(Set.of("device", "deviceSource", "region", "regionSource", "localHour", "localHourSource"), context.keySet());
    }

    @Test
    void withoutXRegionTheHomeRegionIsUsedAndSaysProfile() {
        given().queryParam("limit", 2).when().get("/v1/users/{userId}/feed/home", homed)
                .then().statusCode(200)
                .body("context.region", is("PT")).body("context.regionSource", is("profile"))
                .body("context.device", nullValue()).body("context.deviceSource", is("none"))
                .body("context.localHour", nullValue()).body("context.localHourSource", is("none"));
    }

    @Test
    void nothingKnownSaysNone() {
        given().queryParam("limit", 2).when().get("/v1/users/{userId}/feed/home", placeless)
                .then().statusCode(200)
                .body("context.region", nullValue()).body("context.regionSource", is("none"));
    }

    @Test
    void upNextReportsItsContextToo() {
        // The zone is read on the server's clock: the hour is whatever it is in Tokyo now, but it is known.
        given().header("X-Device", "tv").header("X-Timezone", "Asia/Tokyo").queryParam("userId", homed).queryParam("limit", 2)
                .when().get("/v1/videos/{videoId}/up-next", run + "-v0")
                .then().statusCode(200)
                .body("context.device", is("tv"))
                .body("context.region", is("PT")).body("context.regionSource", is("profile"))
                .body("context.localHour", notNullValue()).body("context.localHourSource", is("header"));
        given().header("X-Local-Time", "2026-12-06T07:05:00+09:00").queryParam("limit", 2)
                .when().get("/v1/videos/{videoId}/up-next", run + "-v0")
                .then().statusCode(200)
                .body("userId", is("anonymous"))
                .body("context.localHour", is(7)).body("context.regionSource", is("none"));
    }

    @Test
    void aBadLocalTimeOrZoneIsAProblemNamingTheHeader() {
        given().header("X-Local-Time", "19:30").when().get("/v1/users/{userId}/feed/home", homed)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is(Problem.INVALID_PARAMETER_TYPE))
                .body("invalid-params[0].name", is("X-Local-Time"))
                .body("invalid-params[0].in", is("header"));
        given().header("X-Timezone", "Europe/Atlantis").when().get("/v1/videos/{videoId}/up-next", run + "-v0")
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params[0].name", is("X-Timezone"))
                .body("invalid-params[0].in", is("header"));
    }

    @Test
    void theContextIsDescribedInOpenApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas.ServedContext.properties.regionSource.enum", is(List.of("header", "profile", "none")))
                .body("paths.'/v1/users/{userId}/feed/home'.get.parameters.find { it.name == 'X-Local-Time' }.in", is("header"));
    }
}
