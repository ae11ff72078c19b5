package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
