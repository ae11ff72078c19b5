package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostProcessorsTest {
    private static final FeedRequest HOME = FeedRequest.home("r", "u", 10, null);

    private static Candidate c(String video, String channel) {
        return Candidate.of(video, channel, 1.0, "test");
    }

    private static List<String> ids(List<Candidate> cs) {
        return cs.stream().map(Candidate::videoId).toList();
    }

    @Test
    void seenFilterDropsWatchedNotInterestedAndSuppressedChannels() {
        var user = UserFeatures.newBuilder().addWatchedVideoIds("v1").addNotInterestedVideoIds("v2")
                .addNotInterestedChannelIds("bad").build();
        var in = List.of(c("v1", "a"), c("v2", "a"), c("v3", "bad"), c("v4", "a"), c("v5", null));
        assertEquals(List.of("v4", "v5"), ids(new SeenFilter().apply(HOME, user, in)));
    }

    @Test
    void seenFilterDropsTheSeedOfUpNext() {
        var req = FeedRequest.upNext("r", "u", "v1", 10, null);
        assertEquals(List.of("v2"), ids(new SeenFilter().apply(req, UserFeatures.getDefaultInstance(), List.of(c("v1", "a"), c("v2", "a")))));
    }

    @Test
    void seenFilterDropsWhatTheRequestExcludes() {
        var req = FeedRequest.upNext("r", "u", "v1", 10, null).withFilter(FeedFilter.excluding(java.util.Set.of("v3", "v9")));
        var in = List.of(c("v1", "a"), c("v2", "a"), c("v3", "b"), c("v4", null));
        assertEquals(List.of("v2", "v4"), ids(new SeenFilter().apply(req, UserFeatures.getDefaultInstance(), in)));
    }

    @Test
    void diversityCapMovesOverQuotaVideosToTheBack() {
        var in = List.of(c("a1", "A"), c("a2", "A"), c("a3", "A"), c("b1", "B"), c("a4", "A"), c("c1", null));
        var out = new ChannelDiversityCap(2).apply(HOME, UserFeatures.getDefaultInstance(), in);
        assertEquals(List.of("a1", "a2", "b1", "c1", "a3", "a4"), ids(out));
    }

    @Test
    void diversityCapRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelDiversityCap(0));
    }

    @Test
    void mergingKeepsBestScoreAndAllSources() {
        var merged = Candidate.of("v", null, 0.2, "popular").mergedWith(Candidate.of("v", "ch", 0.9, "ann"));
        assertEquals(0.9, merged.score());
        assertEquals("ch", merged.channelId());
        assertEquals(List.of("popular", "ann"), List.copyOf(merged.sources()));
        assertEquals("popular", merged.primarySource());
    }
}
