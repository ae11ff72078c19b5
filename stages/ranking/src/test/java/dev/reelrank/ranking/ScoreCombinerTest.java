package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.Candidate;
import dev.reelrank.proto.v1.CandidateScores;
import dev.reelrank.proto.v1.RankResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreCombinerTest {
    private static final List<Candidate> CANDIDATES = List.of(
            Candidate.of("a", "ch1", 9, "popular"), Candidate.of("b", "ch2", 8, "popular"),
            Candidate.of("c", "ch3", 7, "popular"));

    private static RankResponse response(List<String> objectives, float[]... rows) {
        var b = RankResponse.newBuilder().setModelVersion("m1").addAllObjectives(objectives);
        for (int i = 0; i < rows.length; i++) {
            var s = CandidateScores.newBuilder().setVideoId(CANDIDATES.get(i).videoId());
            for (float f : rows[i]) s.addScores(f);
            b.addScores(s);
        }
        return b.build();
    }

    @Test
    void weightedSumOrdersBestFirst() {
        var combiner = new ScoreCombiner(Map.of("click", 2.0, "watch_time", 0.5));
        var ranking = combiner.combine(CANDIDATES, response(List.of("click", "watch_time"),
                new float[] {0.1f, 0.2f}, new float[] {0.3f, 0.0f}, new float[] {0.05f, 1.0f}));

        assertEquals("m1", ranking.modelVersion());
        assertEquals(List.of("b", "c", "a"), ranking.candidates().stream().map(Candidate::videoId).toList());
        // 2*0.3 + 0.5*0 = 0.6; 2*0.05 + 0.5*1 = 0.6; 2*0.1 + 0.5*0.2 = 0.3
        assertEquals(0.6, ranking.candidates().get(0).score(), 1e-6);
        assertEquals(0.6, ranking.candidates().get(1).score(), 1e-6);
        assertEquals(0.3, ranking.candidates().get(2).score(), 1e-6);
        assertEquals("ch2", ranking.candidates().get(0).channelId());
    }

    @Test
    void theFallbackRuleIsHeldToItsOwnWindowWhateverIsConfigured() {
        var candidates = new java.util.ArrayList<Candidate>();
        for (int i = 0; i < 20; i++) candidates.add(Candidate.of("v" + i, "c" + i, 20 - i, "ann"));
        var rows = new float[20][];
        for (int i = 0; i < 20; i++) rows[i] = new float[] {i}; // the model wants the merge reversed
        var combiner = new ScoreCombiner(Map.of("click", 1.0), ScoreCombiner.Mode.SUM, 300);

        var learned = combiner.combine(candidates, "mmoe-1", List.of("click"), rows);
        assertEquals("v19", learned.candidates().getFirst().videoId(), "a learned model reorders within 300 places");

        var rule = combiner.combine(candidates, HeuristicScorer.MODEL_VERSION, List.of("click"), rows);
        int first = Integer.parseInt(rule.candidates().getFirst().videoId().substring(1));
        assertTrue(first < ScoreCombiner.HEURISTIC_RETRIEVAL_WINDOW, "heuristic-v0 moved v" + first + " to the top");
        assertEquals(ScoreCombiner.HEURISTIC_RETRIEVAL_WINDOW, new ScoreCombiner(Map.of("click", 1.0), ScoreCombiner.Mode.SUM,
                ScoreCombiner.PURE_MODEL).windowFor(HeuristicScorer.MODEL_VERSION));
    }

    @Test
    void equalScoresKeepRetrievalOrder() {
        var combiner = new ScoreCombiner(Map.of("click", 1.0));
        var ranking = combiner.combine(CANDIDATES, response(List.of("click"),
                new float[] {0.5f}, new float[] {0.5f}, new float[] {0.5f}));
        assertEquals(List.of("a", "b", "c"), ranking.candidates().stream().map(Candidate::videoId).toList());
    }

    @Test
    void unweightedObjectivesCountZero() {
        var combiner = new ScoreCombiner(Map.of("click", 1.0));
        var ranking = combiner.combine(CANDIDATES, response(List.of("click", "surprise"),
                new float[] {0.1f, 100f}, new float[] {0.2f, 0f}, new float[] {0.3f, 0f}));
        assertEquals(List.of("c", "b", "a"), ranking.candidates().stream().map(Candidate::videoId).toList());
    }

    @Test
    void rejectsAnswersThatDoNotMatchTheRequest() {
        var combiner = new ScoreCombiner(Map.of("click", 1.0));
        assertThrows(IllegalStateException.class, () -> combiner.combine(CANDIDATES,
                response(List.of("click"), new float[] {0.1f}, new float[] {0.2f})));
        var swapped = RankResponse.newBuilder().setModelVersion("m").addObjectives("click")
                .addScores(CandidateScores.newBuilder().setVideoId("b").addScores(1))
                .addScores(CandidateScores.newBuilder().setVideoId("a").addScores(1))
                .addScores(CandidateScores.newBuilder().setVideoId("c").addScores(1)).build();
        assertThrows(IllegalStateException.class, () -> combiner.combine(CANDIDATES, swapped));
        assertThrows(IllegalStateException.class, () -> combiner.combine(CANDIDATES,
                response(List.of("click"), new float[] {0.1f, 0.2f}, new float[] {0.2f}, new float[] {0.3f})));
    }

    @Test
    void rejectsAModelWhoseObjectivesAreAllUnweighted() {
        var combiner = new ScoreCombiner(Map.of("click", 1.0));
        assertThrows(IllegalStateException.class, () -> combiner.combine(CANDIDATES,
                response(List.of("dwell"), new float[] {1}, new float[] {1}, new float[] {1})));
    }

    @Test
    void inProcessRowsCombineLikeAnRpcAnswer() {
        var combiner = new ScoreCombiner(Map.of("click", 2.0, "watch_time", 0.5));
        var ranking = combiner.combine(CANDIDATES, "m1", List.of("click", "watch_time"),
                new float[][] {{0.1f, 0.2f}, {0.3f, 0.0f}, {0.05f, 1.0f}});
        assertEquals(List.of("b", "c", "a"), ranking.candidates().stream().map(Candidate::videoId).toList());
    }

    @Test
    void productModeIsExpectedWatchTime() {
        var combiner = ScoreCombiner.defaultFor(List.of("click", "watch_ratio", "watch_seconds"));
        assertEquals(ScoreCombiner.Mode.PRODUCT, combiner.mode());
        // a: 0.5 x 10 s = 5; b: 0.1 x 100 s = 10; c: 0.9 x 0 s = floored to nothing
        var ranking = combiner.combine(CANDIDATES, "m", List.of("click", "watch_ratio", "watch_seconds"),
                new float[][] {{0.5f, 9f, 10f}, {0.1f, 0f, 100f}, {0.9f, 1f, 0f}});
        assertEquals(List.of("b", "a", "c"), ranking.candidates().stream().map(Candidate::videoId).toList());
        assertEquals(10.0, ranking.candidates().get(0).score(), 1e-4);
    }

    @Test
    void defaultForOtherObjectivesIsTheirSum() {
        var combiner = ScoreCombiner.defaultFor(HeuristicScorer.OBJECTIVES);
        assertEquals(ScoreCombiner.Mode.SUM, combiner.mode());
        assertEquals(Map.of("click", 1.0, "watch_time", 1.0), combiner.weights());
        assertEquals(ScoreCombiner.PURE_MODEL, combiner.retrievalWindow());
    }

    @Test
    void retrievalWindowZeroKeepsRetrievalOrder() {
        var combiner = new ScoreCombiner(Map.of("click", 1.0)).withRetrievalWindow(0);
        var ranking = combiner.combine(CANDIDATES, "m", List.of("click"), new float[][] {{0.1f}, {0.2f}, {0.9f}});
        assertEquals(List.of("a", "b", "c"), ranking.candidates().stream().map(Candidate::videoId).toList());
    }

    @Test
    void retrievalWindowLetsTheModelOnlySwapNeighbours() {
        var many = new java.util.ArrayList<Candidate>();
        for (int i = 0; i < 10; i++) many.add(Candidate.of("v" + i, null, 0, "ann"));
        // The model loves v1 most, then the deepest ones; v0 least.
        float[][] rows = new float[10][];
        for (int i = 0; i < 10; i++) rows[i] = new float[] {i};
        rows[1][0] = 100;
        var ranked = new ScoreCombiner(Map.of("click", 1.0)).withRetrievalWindow(2)
                .combine(many, "m", List.of("click"), rows).candidates().stream().map(Candidate::videoId).toList();
        for (int i = 0; i < 10; i++) {
            int moved = i - ranked.indexOf("v" + i);
            assertTrue(moved < 2 && moved > -2, "v" + i + " moved " + moved + " in " + ranked);
        }
        assertEquals("v1", ranked.get(0)); // a neighbour swap; v9 stays deep
        var first = new ScoreCombiner(Map.of("click", 2.0)).withRetrievalWindow(2).combine(many, "m", List.of("click"), rows)
                .candidates().get(0);
        assertEquals(200.0, first.score(), 1e-9); // the model's score, not the ordering key
        var pure = new ScoreCombiner(Map.of("click", 1.0)).combine(many, "m", List.of("click"), rows).candidates();
        assertEquals("v1", pure.get(0).videoId());
        assertEquals("v9", pure.get(1).videoId());
    }
}
