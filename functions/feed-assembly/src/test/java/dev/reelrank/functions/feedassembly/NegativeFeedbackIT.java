package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.ConnectingFeatureStore;
import dev.reelrank.featurestore.NegativeFeedbackConfig;
import dev.reelrank.featurestore.redis.RedisNegativeFeedback;
import dev.reelrank.model.NegativeFeedback.Suppression;
import dev.reelrank.model.NegativeFeedback.Target;
import dev.reelrank.proto.v1.UserFeatures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A "not interested" honoured by the next feed while the fold is behind: the user's stored
 * features never learn of it here, only the synchronous suppression that event-ingestion records
 * (written through the same adapter). Ranking off, so the order is the popularity order; eight
 * videos of this run head the global list: v0–v2 on channel A, v3–v5 on B, v6–v7 on C.
 */
@QuarkusTest
@TestProfile(RankingOffProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NegativeFeedbackIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;
    @Inject
    ConnectingFeatureStore features;

    private final String run = "nf-" + UUID.randomUUID().toString().substring(0, 8);
    private FeatureSeeder seeder;

    private String video(int i) {
        return run + "-v" + i;
    }

    private String channel(int i) {
        return run + "-ch" + (i < 3 ? "A" : i < 6 ? "B" : "C");
    }

    @BeforeAll
    void seed() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 8; i++) {
            seeder.video(video(i), channel(i));
            seeder.popular(video(i), top - i);
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        seeder.removePopularity();
    }

    private void notInterested(Suppression... suppressions) throws Exception {
        var writer = new RedisNegativeFeedback(redis, NegativeFeedbackConfig.defaults().withTimeout(Duration.ofSeconds(5)),
                Clock.systemUTC());
        writer.record(List.of(suppressions)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<String> ours(List<String> ids) {
        return ids.stream().filter(id -> id.startsWith(run)).toList();
    }

    private List<String> home(String user) {
        return ours(given().queryParam("limit", 100).when().get("/v1/users/{userId}/feed/home", user)
                .then().statusCode(200).body("fallback", is(false)).extract().jsonPath().getList("items.videoId"));
    }

    private List<String> upNext(String user, String videoId) {
        return ours(given().queryParam("userId", user).queryParam("limit", 100).when().get("/v1/videos/{videoId}/up-next", videoId)
                .then().statusCode(200).body("fallback", is(false)).extract().jsonPath().getList("items.videoId"));
    }

    @Test
    void theNextHomeFeedAndUpNextDropTheVideoAndEveryVideoOfTheChannel() throws Exception {
        String user = run + "-user";
        seeder.user(user, List.of()); // the folded features: nothing refused yet
        assertEquals(List.of(video(0), video(1), video(2), video(3), video(4), video(5), video(6), video(7)), home(user));

        notInterested(new Suppression(user, Target.VIDEO, video(4)), new Suppression(user, Target.CHANNEL, channel(0)));

        UserFeatures stored = features.user(user).orElseThrow();
        assertTrue(stored.getNotInterestedVideoIdsList().isEmpty() && stored.getNotInterestedChannelIdsList().isEmpty(),
                "the fold is behind: the stored features still know nothing");
        assertEquals(List.of(video(3), video(5), video(6), video(7)), home(user));
        assertEquals(List.of(video(3), video(5), video(7)), upNext(user, video(6)));
        assertEquals(List.of(video(0), video(1), video(2), video(3), video(4), video(5), video(7)), upNext(run + "-other", video(6)),
                "another user's feed is untouched");
    }

    @Test
    void aUserWithNoStoredFeaturesYetIsSuppressedToo() throws Exception {
        String user = run + "-new";
        notInterested(new Suppression(user, Target.CHANNEL, channel(3)));
        assertEquals(List.of(video(0), video(1), video(2), video(6), video(7)), home(user));
    }

    @Test
    void theFoldedListsAndTheRecentSuppressionsAddUp() throws Exception {
        String user = run + "-both";
        seeder.user(user, List.of());
        seeder.notInterested(user, List.of(video(0)), List.of(channel(6)));
        notInterested(new Suppression(user, Target.VIDEO, video(3)));
        assertEquals(List.of(video(1), video(2), video(4), video(5)), home(user));
    }
}
