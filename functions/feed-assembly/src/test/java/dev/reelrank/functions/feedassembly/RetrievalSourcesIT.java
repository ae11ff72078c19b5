package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredFeatureWriter;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.proto.v1.VideoPublished;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Home feed from every candidate source against the real stack: vectors published to the
 * video-embeddings topic reach the embedded index (ANN), uploads of a subscribed channel
 * (subscriptions), engagement in the request's region (trending) and a new upload in that region
 * (fresh) each bring their own video, tagged with its source.
 */
@QuarkusTest
@TestProfile(RetrievalSourcesProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrievalSourcesIT {
    private static final String REGION = "ZZ";

    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;
    @ConfigProperty(name = "reelrank.retrieval.kafka-bootstrap-servers")
    String bootstrap;

    private final String run = "rs-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = run + "-user";

    private VideoPublished video(String id, String channel, String region, Instant published) {
        return VideoPublished.newBuilder().setVideoId(id).setChannelId(channel).setCategory(run + "-cat").setLanguage("xx")
                .setRegion(region).setDurationSeconds(100).setPublishedAt(Timestamp.newBuilder().setSeconds(published.getEpochSecond())).build();
    }

    @BeforeAll
    void seed() {
        var writer = new TieredFeatureWriter(new CassandraFeatures(session), new RedisFeatures(redis, Duration.ofSeconds(5)),
                FeatureStoreConfig.defaults(), RetrievalStoreConfig.defaults(), Clock.systemUTC());
        String channel = run + "-subscribed";
        Instant now = Instant.now();

        String subscribed = run + "-sub";
        writer.upsertVideo(video(subscribed, channel, "YY", now.minusSeconds(60)));
        writer.recordUpload(video(subscribed, channel, "YY", now.minusSeconds(60)));

        String trending = run + "-trend";
        writer.upsertVideo(video(trending, run + "-other", "YY", now.minusSeconds(3600)));
        // Far above whatever earlier runs left in this region's current window.
        writer.addTrending(trending, System.currentTimeMillis() * 1.0, REGION);

        String fresh = run + "-fresh";
        writer.upsertVideo(video(fresh, run + "-new-channel", REGION, now.plusSeconds(3600)));
        writer.recordUpload(video(fresh, run + "-new-channel", REGION, now.plusSeconds(3600)));

        // A watch in the history names the ann items' reason; the video itself is nowhere else.
        writer.putUser(UserFeatures.newBuilder().setUserId(user).addSubscribedChannelIds(channel)
                .addRecent(HistoryEntry.newBuilder().setVideoId(run + "-watched").setAction(Action.watch))
                .setEmbeddingVersion(RetrievalSourcesProfile.VERSION).addEmbedding(1).addEmbedding(0).addEmbedding(0).build());

        String near = run + "-ann-near", far = run + "-ann-far";
        // Indexed videos are published ones: the feed leaves out videos the store does not know.
        for (String id : List.of(near, far, run + "-ann-mid")) writer.upsertVideo(video(id, run + "-ann-channel-" + id, "YY", now.minusSeconds(7200)));
        try (var publisher = new EmbeddingPublisher(bootstrap)) {
            publisher.publishAll(List.of(embedding(near, 1, 0.1f, 0), embedding(far, 0, 0, 1), embedding(run + "-ann-mid", 0.5f, 0.5f, 0))).join();
        }
    }

    /** With the payload the embedding publisher copies from the video's metadata (the index filters on it). */
    private VideoEmbedding embedding(String id, float... v) {
        var b = VideoEmbedding.newBuilder().setVideoId(id).setModelVersion(RetrievalSourcesProfile.VERSION)
                .setCategory(run + "-cat").setLanguage("xx");
        for (float x : v) b.addVector(x);
        return b.build();
    }

    @Test
    void everySourceContributesItsOwnVideoTaggedWithItsName() {
        // The index follows the topic in the background: wait until the vectors are searchable.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> sources().containsValue("ann"));
        var expected = List.of(Map.entry(run + "-ann-near", "ann"), Map.entry(run + "-ann-mid", "ann"),
                Map.entry(run + "-sub", "subscriptions"), Map.entry(run + "-trend", "trending"), Map.entry(run + "-fresh", "fresh"));
        assertEquals(expected, List.copyOf(sources().entrySet()), "each source's quota, in merge order, the far vector left out");
    }

    @Test
    void excludeAndCategoryHoldForEverySourceAndEachItemSaysWhy() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> sources().containsValue("ann"));
        List<Map<String, Object>> items = given().header("X-Region", REGION).queryParam("limit", 20)
                .queryParam("exclude", run + "-ann-near").queryParam("category", run + "-cat")
                .when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(200).body("fallback", is(false)).extract().jsonPath().getList("items");
        // ann's quota of 2 goes past the excluded nearest video: mid, then far. Only this run's videos have the category.
        assertEquals(List.of(run + "-ann-mid", run + "-ann-far", run + "-sub", run + "-trend", run + "-fresh"),
                items.stream().map(i -> i.get("videoId")).toList());
        assertEquals(List.of("because_you_watched", "because_you_watched", "new_from_subscription", "popular_in_region", "fresh"),
                items.stream().map(i -> i.get("reason")).toList());
        assertEquals(run + "-watched", items.getFirst().get("reasonVideoId"));
        assertNull(items.get(2).get("reasonVideoId"));

        List<String> none = given().header("X-Region", REGION).queryParam("category", run + "-no-such-category")
                .when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(200).extract().jsonPath().getList("items.videoId");
        assertEquals(List.of(), none);
    }

    @Test
    void upNextHonoursExcludeAndCategoryToo() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> sources().containsValue("ann"));
        List<Map<String, Object>> items = given().header("X-Region", REGION).queryParam("userId", user).queryParam("limit", 20)
                .queryParam("exclude", run + "-sub," + run + "-fresh").queryParam("category", run + "-cat")
                .when().get("/v1/videos/{videoId}/up-next", run + "-ann-near")
                .then().statusCode(200).extract().jsonPath().getList("items");
        // No model here: up_next seeds from the index's vector of the video being watched and gives its neighbours
        // (near itself, the seed, dropped), mid and far; the excluded and off-category videos are left out.
        assertEquals(List.of(run + "-ann-mid", run + "-ann-far", run + "-trend"), items.stream().map(i -> i.get("videoId")).toList());
        assertEquals("up_next", items.get(1).get("source"), "far comes only from the seed's neighbours");
        assertEquals(run + "-ann-near", items.get(1).get("reasonVideoId"));
        assertEquals("popular_in_region", items.get(2).get("reason"));
    }

    @Test
    void upNextWithoutAModelStillAnswers() {
        // No model in this profile: seeds come from the index only; the feed answers without a fallback.
        given().header("X-Region", REGION).queryParam("userId", user).queryParam("limit", 10)
                .when().get("/v1/videos/{videoId}/up-next", run + "-ann-near")
                .then().statusCode(200).body("fallback", is(false));
    }

    private Map<String, String> sources() {
        List<Map<String, Object>> items = given().header("X-Region", REGION).queryParam("limit", 20)
                .when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(200).extract().jsonPath().getList("items");
        var out = new LinkedHashMap<String, String>();
        for (var item : items) out.put((String) item.get("videoId"), (String) item.get("source"));
        return out;
    }
}
