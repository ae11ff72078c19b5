package dev.reelrank.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first feedback loop, end to end, through the public HTTP APIs of the running functions
 * (started from their jars by {@code scripts/local up}) on the real Kafka, Cassandra and Redis
 * of {@code scripts/stack}: events posted to ingestion reach Kafka, embedding-refresh folds
 * them into the feature store, and feed-assembly serves a home feed from those stores that
 * leaves out what the user has watched.
 */
class FirstLoopIT {
    static {
        ClientAuth.install();
    }

    private static final String INGESTION = SystemTestEvents.INGESTION;
    private static final String FEED = SystemTestEvents.FEED;
    private static final Duration LOOP_DEADLINE = Duration.ofSeconds(90);

    private final SystemTestEvents events = new SystemTestEvents("-");
    private final String run = events.run;

    private Map<String, Object> interaction(String user, String video, String action, double watchSeconds) {
        return events.interaction(user, video, action, Map.of("watchSeconds", watchSeconds));
    }

    private List<String> homeFeed(String user) {
        return given().header("X-Device", "web").header("X-Region", "US")
                .when().get(FEED + "/v1/users/" + user + "/feed/home?limit=100")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("userId", equalTo(user))
                .body("modelVersion", not(equalTo(null)))
                .extract().jsonPath().getList("items.videoId", String.class);
    }

    @Test
    void eventsPostedToIngestionShapeTheHomeFeedAndWatchedVideosDisappear() {
        String hit = "st-" + run + "-hit";       // made popular, then watched by the viewer
        String other = "st-" + run + "-other";   // popular too, never watched by the viewer
        String viewer = "st-" + run + "-viewer";
        String newcomer = "st-" + run + "-newcomer";

        events.postBatch(List.of(events.published(hit, "st-" + run + "-ch1"), events.published(other, "st-" + run + "-ch2")));
        var engagement = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 30; i++) {
            String fan = "st-" + run + "-fan" + i;
            for (String v : List.of(hit, other)) {
                engagement.add(interaction(fan, v, "impression", 0));
                engagement.add(interaction(fan, v, "click", 0));
                engagement.add(interaction(fan, v, "watch", 600));
                engagement.add(interaction(fan, v, "like", 0));
            }
        }
        events.postBatch(engagement);
        events.postBatch(List.of(interaction(viewer, hit, "click", 0), interaction(viewer, hit, "watch", 240)));

        // Popularity reached the stores (with scripts/local's defaults, through the streaming
        // features job alone: embedding-refresh folds users only): a user with no history is offered both videos.
        await().atMost(LOOP_DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var feed = homeFeed(newcomer);
            assertTrue(feed.contains(hit) && feed.contains(other), "newcomer's feed " + feed);
        });
        // The viewer's watch reached the stores: the watched video is left out, the other is not.
        await().atMost(LOOP_DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var feed = homeFeed(viewer);
            assertTrue(feed.contains(other), "viewer's feed " + feed);
            assertFalse(feed.contains(hit), "viewer already watched " + hit + " but got " + feed);
        });
    }

    @Test
    void upNextLeavesOutTheVideoBeingWatched() {
        String seed = "st-" + run + "-seed";
        given().header("X-Region", "US")
                .when().get(FEED + "/v1/videos/" + seed + "/up-next?userId=st-" + run + "-u&limit=20")
                .then().statusCode(200)
                .body("items.videoId", not(hasItem(seed)));
    }

    @Test
    void aMalformedCloudEventIsRejectedWithAProblemNamingIt() {
        var noType = Map.of("specversion", "1.0", "id", run + "-bad", "source", "/reelrank/system-test",
                "data", Map.of("userId", "u", "videoId", "v", "action", "watch"));
        given().contentType("application/cloudevents+json").body(noType)
                .when().post(INGESTION + "/v1/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", equalTo(400))
                .body("detail", containsString("type"));

        var badAction = interaction("u", "v", "teleport", 0);
        given().contentType("application/cloudevents+json").body(badAction)
                .when().post(INGESTION + "/v1/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("action"));
    }

    @Test
    void everyFunctionReportsReady() {
        for (int port : new int[]{8080, 8081, 8082, 8083}) {
            given().when().get("http://127.0.0.1:" + port + "/q/health/ready").then().statusCode(200);
        }
    }
}
