package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaximalMarginalRelevanceTest {
    private static final UserFeatures NOBODY = UserFeatures.getDefaultInstance();

    private static Candidate c(String video, String channel, double score) {
        return Candidate.of(video, channel, score, "test");
    }

    private static List<String> ids(List<Candidate> cs) {
        return cs.stream().map(Candidate::videoId).toList();
    }

    private static FeedRequest home(int limit) {
        return FeedRequest.home("r", "u", limit, null);
    }

    private static MaximalMarginalRelevance.Embeddings vectors(Map<String, float[]> byId) {
        return (request, ids) -> byId;
    }

    /**
     * λ = 0.5, relevance = score normalised over [0, 1]: a 1, b 0.9, c 0.5, d 0.
     * 1st: nothing placed, so relevance alone: a (0.5).
     * 2nd: b 0.45 − 0.5·cos(b,a)=1 → −0.05; c 0.25 − 0 → 0.25; d 0 − 0.5·0.6 → −0.3: c.
     * 3rd: b still −0.05 (max cos 1 to a); d 0 − 0.5·max(0.6, 0.8) → −0.4: b. Then d.
     */
    @Test
    void greedyOrderByHand() {
        var in = List.of(c("a", "A", 1.0), c("b", "B", 0.9), c("c", "C", 0.5), c("d", "D", 0.0));
        var mmr = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(0.5, 1, 0, 1), vectors(Map.of(
                "a", new float[]{1, 0}, "b", new float[]{1, 0}, "c", new float[]{0, 1}, "d", new float[]{0.6f, 0.8f})));
        assertEquals(List.of("a", "c", "b", "d"), ids(mmr.apply(home(4), NOBODY, in)));
    }

    /**
     * Vectors that are not unit length are normalised (cos, not the raw dot product), and a
     * candidate without a vector is similar to nothing. λ = 0.5, relevance a 1, b 0.5, c 0:
     * 2nd: b 0.25 − 0.5·cos((3,0),(2,0))=1 → −0.25; c (no vector) 0 − 0 → 0: c.
     */
    @Test
    void vectorsAreNormalisedAndAMissingVectorIsSimilarToNothing() {
        var in = List.of(c("a", "A", 2.0), c("b", "B", 1.5), c("c", "C", 1.0));
        var mmr = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(0.5, 1, 0, 1),
                vectors(Map.of("a", new float[]{3, 0}, "b", new float[]{2, 0})));
        assertEquals(List.of("a", "c", "b"), ids(mmr.apply(home(3), NOBODY, in)));
    }

    /**
     * "Three of one channel, then three of the next": λ = 1 (no embeddings), penalty 0.5 for the
     * channel just placed. Relevance a1 1, a2 0.8, a3 0.6, b1 0.4, b2 0.2, b3 0.
     * 2nd: a2 0.8 − 0.5 = 0.3, b1 0.4: b1. 3rd: a2 0.8, b2 0.2 − 0.5: a2. 4th: a3 0.6 − 0.5 = 0.1,
     * b2 0.2: b2. 5th: a3 0.6, b3 −0.5: a3. Then b3.
     */
    @Test
    void channelsAreSpreadNotStacked() {
        var in = List.of(c("a1", "A", 1.0), c("a2", "A", 0.9), c("a3", "A", 0.8), c("b1", "B", 0.7), c("b2", "B", 0.6), c("b3", "B", 0.5));
        var mmr = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(1, 1, 0.5, 1), MaximalMarginalRelevance.Embeddings.NONE);
        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), ids(mmr.apply(home(6), NOBODY, in)));
    }

    /** The penalty is a price, not a rule: a far less relevant video of another channel does not jump the queue. */
    @Test
    void theSpreadGivesWayToALargeRelevanceGap() {
        var in = List.of(c("a1", "A", 1.0), c("a2", "A", 0.95), c("b1", "B", 0.0));
        var mmr = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(1, 1, 0.2, 2), MaximalMarginalRelevance.Embeddings.NONE);
        assertEquals(List.of("a1", "a2", "b1"), ids(mmr.apply(home(3), NOBODY, in)));
    }

    /** With the shared defaults, the blocked Up Next list of the issue comes out with no two neighbours of one channel. */
    @Test
    void theDefaultsSpreadABlockedUpNextList() {
        var in = new ArrayList<Candidate>();
        String[] channels = {"A", "A", "A", "B", "B", "B", "C", "C", "C", "D", "D", "D"};
        for (int i = 0; i < channels.length; i++) in.add(c("v" + i, channels[i], 1.0 - i * 0.01));
        var req = FeedRequest.upNext("r", "u", "seed", 12, null);
        var out = new ArrayList<Candidate>(in);
        for (PostProcessor p : PostProcessing.DEFAULTS.withExploreShare(0).steps(MaximalMarginalRelevance.Embeddings.NONE, NO_COUNTERS))
            out = new ArrayList<>(p.apply(req, NOBODY, out, true));
        assertEquals("v0", out.get(0).videoId());
        for (int i = 1; i < out.size(); i++) {
            assertEquals(true, !out.get(i).channelId().equals(out.get(i - 1).channelId()), "neighbours of one channel: " + ids(out));
        }
    }

    private static final FeatureStore NO_COUNTERS = new FeatureStore() {
        @Override
        public java.util.Optional<UserFeatures> user(String userId) {
            return java.util.Optional.empty();
        }

        @Override
        public Map<String, dev.reelrank.proto.v1.VideoFeatures> videos(java.util.Collection<String> videoIds) {
            return Map.of();
        }
    };

    /** Only the head (limit × window factor) is considered, and only the first limit places chosen. */
    @Test
    void onlyTheHeadIsReordered() {
        // limit 2, factor 2: window a b c; d and e stay where they are whatever their vectors.
        var in = List.of(c("a", "A", 1.0), c("b", "B", 0.9), c("c", "C", 0.8), c("d", "D", 0.7), c("e", "E", 0.6));
        var mmr = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(0.5, 2, 0, 1), vectors(Map.of(
                "a", new float[]{1, 0}, "b", new float[]{1, 0}, "c", new float[]{0, 1}, "d", new float[]{0, 1}, "e", new float[]{-1, 0})));
        // relevance over the window: a 1, b 0.5, c 0. 2nd: b 0.25 − 0.5 = −0.25, c 0: c; then the rest of the window (b), then d e.
        assertEquals(List.of("a", "c", "b", "d", "e"), ids(mmr.apply(home(2), NOBODY, in)));
    }

    /**
     * Scores that would invert the order if read as relevance: a list no ranker ordered is weighed by
     * position, and a ranker's list by its served scores (the lowest down to each place: 0.1, 0.1, 0.1),
     * so neither is re-sorted by raw score.
     */
    @Test
    void neitherRetrievalScoresNorARankersOutOfOrderScoresReSortTheList() {
        var in = List.of(c("a", "A", 0.1), c("b", "B", 50), c("c", "C", 0.2));
        var mmr = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(0.9, 1, 0, 1), MaximalMarginalRelevance.Embeddings.NONE);
        assertEquals(List.of("a", "b", "c"), ids(mmr.apply(home(3), NOBODY, in, false)));
        assertEquals(List.of("a", "b", "c"), ids(mmr.apply(home(3), NOBODY, in, true)));
    }

    /** With the cap known, a capped channel's videos are not placed: the cap after MMR takes nothing out of the spread page. */
    @Test
    void aCappedChannelIsNotPlaced() {
        // λ = 1, penalty 1, cap 2: a1 b1 a2 b2, then A and B are capped: c1, then a3 b3 in window order.
        var in = List.of(c("a1", "A", 1.0), c("a2", "A", 0.9), c("a3", "A", 0.8), c("b1", "B", 0.7), c("b2", "B", 0.6), c("b3", "B", 0.5),
                c("c1", "C", 0.4));
        var mmr = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(1, 1, 1, 1, 2), MaximalMarginalRelevance.Embeddings.NONE);
        var out = mmr.apply(home(7), NOBODY, in);
        assertEquals(List.of("a1", "b1", "a2", "b2", "c1", "a3", "b3"), ids(out));
        assertEquals(ids(out), ids(new ChannelDiversityCap(2).apply(home(7), NOBODY, out)));
    }

    @Test
    void offChangesNothingAndFailedVectorsDoNotFailTheFeed() {
        var in = List.of(c("a", "A", 0.1), c("b", "A", 0.5));
        var off = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(1, 3, 0, 1), (r, ids) -> {
            throw new AssertionError("not read when off");
        });
        assertSame(in, off.apply(home(2), NOBODY, in));
        // Unreadable vectors: similarity 0 everywhere, the channel spread still applies.
        var failing = new MaximalMarginalRelevance(new MaximalMarginalRelevance.Params(0.5, 3, 1, 1), (r, ids) -> {
            throw new IllegalStateException("index closed");
        });
        var three = List.of(c("a", "A", 1.0), c("b", "A", 0.9), c("c", "C", 0.5));
        assertEquals(List.of("a", "c", "b"), ids(failing.apply(home(3), NOBODY, three)));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new MaximalMarginalRelevance.Params(1.5, 3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new MaximalMarginalRelevance.Params(0.5, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new MaximalMarginalRelevance.Params(0.5, 3, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new MaximalMarginalRelevance.Params(0.5, 3, 0, 0));
    }
}
