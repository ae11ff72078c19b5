package dev.reelrank.functions.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankRequest;
import org.junit.jupiter.api.Test;

/** The optional two_tower_similarity of each candidate, as the scorer receives it. */
class RankRequestSimilarityTest {
    @Test
    void sentValuesArriveAndAbsentOnesAreUnknown() {
        var request = RankRequest.newBuilder()
                .addCandidates(RankCandidate.newBuilder().setVideoId("a").setTwoTowerSimilarity(0.5f))
                .addCandidates(RankCandidate.newBuilder().setVideoId("b"))
                .addCandidates(RankCandidate.newBuilder().setVideoId("c").setTwoTowerSimilarity(0f))
                .build();
        float[] s = RankingGrpcService.similarities(request);
        assertEquals(0.5f, s[0]);
        assertTrue(Float.isNaN(s[1]), "absent: unknown, not 0");
        assertEquals(0f, s[2], "a sent 0 is a value");
    }

    @Test
    void aRequestWithoutAnyIsScoredAsBeforeTheField() {
        var request = RankRequest.newBuilder().addCandidates(RankCandidate.newBuilder().setVideoId("a").setRetrievalScore(0.9f)).build();
        assertNull(RankingGrpcService.similarities(request));
    }
}
