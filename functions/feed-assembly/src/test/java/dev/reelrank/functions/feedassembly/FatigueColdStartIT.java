package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import com.google.protobuf.Timestamp;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredFeatureWriter;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Impression fatigue and the cold-start plan against the real stores: a video impressed three
 * times without a play is absent from the user's next Home feed (two impressions are not enough),
 * and a user with no history is served the trending of the region in {@code X-Region} first.
 */
@QuarkusTest
@TestProfile(FatigueColdStartProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FatigueColdStartIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = "fc-" + UUID.randomUUID().toString().substring(0, 8);
    /**
     * A user-assigned ISO code no other test writes to; the score (the clock in ms) puts this run's
     * video above what earlier runs left in the region.
     */
    private static final String REGION = "QX";
    private final String tired = run + "-tired", twice = run + "-twice", other = run + "-other", trending = run + "-trend";
    private FeatureSeeder seeder;
    private TieredFeatureWriter writer;

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        writer = new TieredFeatureWriter(new CassandraFeatures(session), new RedisFeatures(redis, Duration.ofSeconds(5)),
                FeatureStoreConfig.defaults(), RetrievalStoreConfig.defaults(), Clock.systemUTC());
        double top = FeatureSeeder.topScore();
        int i = 0;
        for (String v : List.of(tired, twice, other)) {
            seeder.video(v, run + "-ch" + i);
            seeder.popular(v, top - i++);
        }
        writer.upsertVideo(VideoPublished.newBuilder().setVideoId(trending).setChannelId(run + "-trend-ch").setCategory("music")
                .setRegion(REGION).setDurationSeconds(100).build());
        writer.addTrending(trending, System.currentTimeMillis() * 1.0, REGION);

        // Warm (a watched video elsewhere) so the popular list, not cold-start trending, fills the page.
        Instant now = Instant.now();
        writer.putUser(folded(run + "-fatigued", now, tired, tired, tired, twice, twice));
        writer.putUser(UserFeatures.newBuilder().setUserId(run + "-stored-region").setHomeRegion(REGION).build());
    }

    /** The user as the fold leaves them after these impressions a minute apart, ending now. */
    private UserFeatures folded(String userId, Instant now, String... impressed) {
        var b = UserFeatures.newBuilder().setUserId(userId).addWatchedVideoIds(run + "-watched-elsewhere");
        for (int k = 0; k < impressed.length; k++) {
            long at = now.minusSeconds(60L * (impressed.length - k)).getEpochSecond();
            UserFeatureUpdater.DEFAULTS.applyTo(b, Interaction.newBuilder().setUserId(userId).setVideoId(impressed[k])
                    .setAction(Action.impression).setOccurredAt(Timestamp.newBuilder().setSeconds(at)).build(), null);
        }
        return b.build();
    }

    @AfterAll
    void cleanUp() throws Exception {
        seeder.removePopularity();
    }

    private JsonPath home(String userId, String regionHeader) {
        var request = given().queryParam("limit", 20);
        if (regionHeader != null) request = request.header("X-Region", regionHeader);
        return request.when().get("/v1/users/{userId}/feed/home", userId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aVideoImpressedThreeTimesWithoutAPlayRests() {
        List<String> feed = home(run + "-fatigued", null).getList("items.videoId");
        assertFalse(feed.contains(tired), "three impressions, no play: " + feed);
        assertTrue(feed.contains(twice), "two impressions are not fatigue: " + feed);
        assertTrue(feed.contains(other), feed.toString());
    }

    @Test
    void aColdUserGetsTheRequestRegionsTrendingFirst() {
        var body = home(run + "-newcomer", REGION);
        List<Map<String, Object>> items = body.getList("items");
        assertEquals(trending, items.getFirst().get("videoId"), items.toString());
        assertEquals("trending", items.getFirst().get("source"));
        assertEquals("popular_in_region", items.getFirst().get("reason"));
    }

    @Test
    void withoutTheHeaderAColdUsersStoredRegionIsUsed() {
        List<String> feed = home(run + "-stored-region", null).getList("items.videoId");
        assertEquals(trending, feed.getFirst(), feed.toString());
    }
}
