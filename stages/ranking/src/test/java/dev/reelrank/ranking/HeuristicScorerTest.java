package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeuristicScorerTest {
    // a=1, b=20, c=30, d=1, half=120 s, bonus 0.1, affinity half 5
    private final HeuristicScorer scorer = new HeuristicScorer(new HeuristicScorer.Params(1, 20, 30, 1, 120, 0.1, 5));
    private final RankContext ctx = RankContext.getDefaultInstance();

    private static VideoFeatures video(long impressions, long clicks, long views, double watchSeconds) {
        return VideoFeatures.newBuilder().setVideoId("v").setChannelId("ch").setCategory("music")
                .setImpressions(impressions).setClicks(clicks).setViews(views).setWatchSeconds(watchSeconds).build();
    }

    @Test
    void namesItselfAndItsObjectives() {
        assertEquals("heuristic-v0", scorer.modelVersion());
        assertEquals(List.of("click", "watch_time"), scorer.objectives());
    }

    @Test
    void smoothedCtrAndNormalisedWatchTime() {
        float[][] rows = scorer.score(UserFeatures.getDefaultInstance(), List.of(video(180, 19, 10, 2370)), ctx);
        // (19 + 1) / (180 + 20) = 0.1
        assertEquals(0.1, rows[0][0], 1e-6);
        // (2370 + 30) / (10 + 1) = 218.18 s per view → 218.18 / (218.18 + 120)
        double perView = 2400.0 / 11;
        assertEquals(perView / (perView + 120), rows[0][1], 1e-6);
    }

    @Test
    void unknownVideoScoresThePriors() {
        var list = Arrays.asList((VideoFeatures) null);
        float[][] rows = scorer.score(UserFeatures.getDefaultInstance(), list, ctx);
        assertEquals(1.0 / 20, rows[0][0], 1e-6);
        assertEquals(30.0 / 150, rows[0][1], 1e-6);
    }

    @Test
    void fewLuckyClicksDoNotBeatAWellMeasuredVideo() {
        float[][] rows = scorer.score(UserFeatures.getDefaultInstance(),
                List.of(video(2, 2, 0, 0), video(10_000, 1_500, 0, 0)), ctx);
        assertTrue(rows[1][0] > rows[0][0], Arrays.deepToString(rows));
    }

    @Test
    void affinityAddsABoundedBonusAndNegativeFeedbackAMalus() {
        var v = video(100, 10, 10, 600);
        float[] plain = scorer.score(UserFeatures.getDefaultInstance(), List.of(v), ctx)[0];
        var fan = UserFeatures.newBuilder().putChannelAffinity("ch", 3).putCategoryAffinity("music", 2).build();
        float[] liked = scorer.score(fan, List.of(v), ctx)[0];
        // A = 5 → 0.1 * 5 / (5 + 5) = 0.05 on both objectives
        assertEquals(plain[0] + 0.05, liked[0], 1e-6);
        assertEquals(plain[1] + 0.05, liked[1], 1e-6);
        var hater = UserFeatures.newBuilder().putChannelAffinity("ch", -1e9).build();
        float[] disliked = scorer.score(hater, List.of(v), ctx)[0];
        assertTrue(disliked[0] < plain[0] && disliked[0] > plain[0] - 0.1 - 1e-6);
    }

    @Test
    void rowsFollowTheCandidateOrder() {
        float[][] rows = scorer.score(UserFeatures.getDefaultInstance(),
                List.of(video(100, 0, 0, 0), video(100, 50, 0, 0), video(100, 20, 0, 0)), ctx);
        assertEquals(3, rows.length);
        assertTrue(rows[1][0] > rows[2][0] && rows[2][0] > rows[0][0]);
    }

    @Test
    void refusesParametersThatWouldDivideByZero() {
        assertThrows(IllegalArgumentException.class, () -> new HeuristicScorer.Params(1, 0, 30, 1, 120, 0.1, 5));
        assertThrows(IllegalArgumentException.class, () -> new HeuristicScorer.Params(1, 20, 30, 0, 120, 0.1, 5));
        assertThrows(IllegalArgumentException.class, () -> new HeuristicScorer.Params(1, 20, 30, 1, 0, 0.1, 5));
    }
}
