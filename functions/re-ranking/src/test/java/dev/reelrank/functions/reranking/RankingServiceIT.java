package dev.reelrank.functions.reranking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredFeatureWriter;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.CandidateScores;
import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankResponse;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RankingService.Rank over real gRPC, features read from the real Redis and Cassandra
 * (scripts/stack up), seeded through the feature-store stage's writer.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankingServiceIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;
    // No client configuration: in tests Quarkus points it at the application under test.
    @GrpcClient("ranking")
    RankingServiceGrpc.RankingServiceBlockingStub ranking;

    private final String run = "rr-" + UUID.randomUUID().toString().substring(0, 8);
    private final String fan = run + "-fan";

    private String video(int i) {
        return run + "-v" + i;
    }

    @BeforeAll
    void seed() {
        var writer = new TieredFeatureWriter(new CassandraFeatures(session), new RedisFeatures(redis, Duration.ofSeconds(5)),
                FeatureStoreConfig.defaults());
        // v0: CTR 10%, long watches; v1: CTR ~1%, short watches; v2: CTR 30%, medium watches.
        long[][] stats = {{180, 19, 10, 2370}, {1980, 19, 10, 100}, {480, 149, 50, 3000}};
        for (int i = 0; i < stats.length; i++) {
            writer.upsertVideo(VideoPublished.newBuilder().setVideoId(video(i)).setChannelId(run + "-ch" + i)
                    .setCategory("music").setDurationSeconds(300).build());
            long[] s = stats[i];
            writer.addVideoStats(video(i), new VideoStatsDelta(s[0], s[2], s[1], s[3], 0, 0, 0, 0, 0));
        }
        writer.putUser(UserFeatures.newBuilder().setUserId(fan).putChannelAffinity(run + "-ch1", 20).build());
        FeatureStoreConnected.await(ranking, Duration.ofSeconds(60));
    }

    private RankRequest request(String userId, String... videoIds) {
        var b = RankRequest.newBuilder().setRequestId(run).setUserId(userId)
                .setContext(RankContext.newBuilder().setSurface(Surface.home).setDevice("mobile").setRegion("BR"));
        for (String v : videoIds) b.addCandidates(RankCandidate.newBuilder().setVideoId(v).addSources("popular"));
        return b.build();
    }

    private RankResponse rank(RankRequest r) {
        return ranking.withDeadlineAfter(30, TimeUnit.SECONDS).rank(r);
    }

    @Test
    void oneScorePerObjectivePerCandidateInRequestOrder() {
        String unknown = run + "-never-published";
        var response = rank(request(run + "-nobody", video(1), unknown, video(2), video(0)));

        assertEquals("heuristic-v0", response.getModelVersion());
        assertEquals(List.of("click", "watch_time"), response.getObjectivesList());
        assertEquals(List.of(video(1), unknown, video(2), video(0)),
                response.getScoresList().stream().map(CandidateScores::getVideoId).toList());
        response.getScoresList().forEach(s -> assertEquals(2, s.getScoresCount(), s.toString()));

        // click = (clicks + 1) / (impressions + 20)
        assertEquals(20.0 / 200, response.getScores(3).getScores(0), 1e-6);
        assertEquals(20.0 / 2000, response.getScores(0).getScores(0), 1e-6);
        assertEquals(150.0 / 500, response.getScores(2).getScores(0), 1e-6);
        assertEquals(1.0 / 20, response.getScores(1).getScores(0), 1e-6, "an unknown video gets the prior");
        // watch_time grows with seconds per view: v0 (218 s) > v2 (59 s) > v1 (12 s)
        float w0 = response.getScores(3).getScores(1), w1 = response.getScores(0).getScores(1), w2 = response.getScores(2).getScores(1);
        assertTrue(w0 > w2 && w2 > w1, w0 + " " + w2 + " " + w1);
    }

    @Test
    void userAffinityLiftsTheFavouriteChannel() {
        var stranger = rank(request(run + "-nobody", video(0), video(1)));
        var fanOf1 = rank(request(fan, video(0), video(1)));
        assertEquals(stranger.getScores(0).getScores(0), fanOf1.getScores(0).getScores(0), 1e-6);
        // affinity 20 → 0.1 * 20 / 25 = 0.08 on both objectives
        assertEquals(stranger.getScores(1).getScores(0) + 0.08, fanOf1.getScores(1).getScores(0), 1e-5);
        assertEquals(stranger.getScores(1).getScores(1) + 0.08, fanOf1.getScores(1).getScores(1), 1e-5);
    }

    @Test
    void theUserSentWithTheRequestIsScoredInsteadOfTheStoredOne() {
        var stored = rank(request(fan, video(0), video(1)));
        // The caller's view: no affinity to ch1 (say a "not interested" merged in after the fold).
        var sent = rank(request(fan, video(0), video(1)).toBuilder().setUser(UserFeatures.newBuilder().setUserId(fan)).build());
        var stranger = rank(request(run + "-nobody", video(0), video(1)));
        assertEquals(stranger.getScores(1).getScores(0), sent.getScores(1).getScores(0), 1e-6);
        assertEquals(stranger.getScores(1).getScores(0) + 0.08, stored.getScores(1).getScores(0), 1e-5, "the store's user, when none is sent");
        // And the other way round: affinity sent for a user the store does not know.
        var invented = rank(request(run + "-nobody", video(0), video(1)).toBuilder()
                .setUser(UserFeatures.newBuilder().setUserId(run + "-nobody").putChannelAffinity(run + "-ch1", 20)).build());
        assertEquals(stored.getScores(1).getScores(0), invented.getScores(1).getScores(0), 1e-6);
    }

    @Test
    void moreThanMaxCandidatesIsInvalidArgument() {
        var ids = new String[1001];
        for (int i = 0; i < ids.length; i++) ids[i] = run + "-many-" + i;
        var e = assertThrows(StatusRuntimeException.class, () -> rank(request(fan, ids)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("1000"), e.getStatus().getDescription());
        assertEquals(1000, rank(request(fan, java.util.Arrays.copyOf(ids, 1000))).getScoresCount());
    }

    @Test
    void emptyUserIsInvalidArgument() {
        var e = assertThrows(StatusRuntimeException.class, () -> rank(request("", video(0))));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("user_id"));
    }

    @Test
    void readyWithTheStackUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
