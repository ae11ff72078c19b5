package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankingDepthTest {
    /** Reverses what it is asked about, so the ranked head is told from the appended tail. */
    private static final class Reversing implements Ranker {
        final List<List<String>> asked = new ArrayList<>();

        @Override
        public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
            asked.add(candidates.stream().map(Candidate::videoId).toList());
            var reversed = new ArrayList<>(candidates);
            java.util.Collections.reverse(reversed);
            return new Ranking("m1", reversed);
        }
    }

    private static List<Candidate> merge(int n) {
        return IntStream.range(0, n).mapToObj(i -> Candidate.of("v" + i, "c" + (i % 7), 1.0 / (i + 1), "ann")).toList();
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::videoId).toList();
    }

    @Test
    void depthIsTheWindowPlusPlacesPerItemOfThePage() {
        assertEquals(400, new RankingDepth(300, 5).of(20));
        assertEquals(800, new RankingDepth(300, 5).of(100));
        // A window of 0 (retrieval order) still ranks a page's worth.
        assertEquals(20, new RankingDepth(0, 0).of(20));
        assertEquals(Integer.MAX_VALUE, new RankingDepth(-1, 5).of(20));
        assertEquals(Integer.MAX_VALUE, new RankingDepth(300, -1).of(20));
    }

    @Test
    void onlyTheHeadIsRankedAndTheRestFollowsInMergeOrder() {
        var ranker = new Reversing();
        var ranking = new RankingDepth(4, 2).bound(ranker).rank(FeedRequest.home("r", "u", 3, null), UserFeatures.getDefaultInstance(), merge(20));

        assertEquals(List.of(ids(merge(10))), ranker.asked, "window 4 + 2 x 3 places asked about");
        var expected = new ArrayList<String>();
        for (int i = 9; i >= 0; i--) expected.add("v" + i);
        for (int i = 10; i < 20; i++) expected.add("v" + i);
        assertEquals(expected, ids(ranking.candidates()));
        assertEquals("m1", ranking.modelVersion());
    }

    @Test
    void seenAndRefusedCandidatesAreDroppedBeforeTheyCountAgainstTheDepth() {
        var user = UserFeatures.newBuilder().addWatchedVideoIds("v1").addNotInterestedVideoIds("v2")
                .addNotInterestedChannelIds("c3").build();
        var ranker = new Reversing();
        var ranking = new RankingDepth(2, 1).bound(ranker).rank(FeedRequest.home("r", "u", 2, null), user, merge(12));

        // v3 and v10 are of channel c3; v1 was watched, v2 refused.
        assertEquals(List.of(List.of("v0", "v4", "v5", "v6")), ranker.asked);
        assertEquals(List.of("v6", "v5", "v4", "v0", "v7", "v8", "v9", "v11"), ids(ranking.candidates()));
    }

    @Test
    void aShortMergeIsRankedWhole() {
        var ranker = new Reversing();
        var ranking = new RankingDepth(300, 5).bound(ranker).rank(FeedRequest.home("r", "u", 20, null), UserFeatures.getDefaultInstance(), merge(50));
        assertEquals(1, ranker.asked.size());
        assertEquals(50, ranker.asked.get(0).size());
        assertEquals("v49", ranking.candidates().get(0).videoId());
    }

    @Test
    void rankingEverythingLeavesTheRankerAsItIs() {
        Ranker ranker = new Reversing();
        assertSame(ranker, RankingDepth.ALL.bound(ranker));
        assertSame(ranker, new RankingDepth(-1, 5).bound(ranker));
        assertSame(ranker, new RankingDepth(300, -1).bound(ranker));
    }
}
