package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonTest {
    private static final UserFeatures NOBODY = UserFeatures.getDefaultInstance();
    private static final RequestContext IN_BR = new RequestContext(null, "BR", null);

    private static HistoryEntry h(String video, Action action) {
        return HistoryEntry.newBuilder().setVideoId(video).setAction(action).build();
    }

    private static Candidate from(String... sources) {
        return new Candidate("x", "c", 1, new LinkedHashSet<>(List.of(sources)));
    }

    @Test
    void upNextIsExplainedByTheVideoBeingWatched() {
        var rule = Reason.Rule.of(FeedRequest.upNext("r", "u", "seed-1", 10, null), NOBODY);
        assertEquals(new Reason(Reason.BECAUSE_YOU_WATCHED, "seed-1"), rule.of(from("up_next", "trending")));
    }

    @Test
    void annIsExplainedByTheNewestWatchInTheHistory() {
        // recent is newest first: v9 is a like, v8 the newest watch; v1 (oldest) is the newest of the watched ids.
        var user = UserFeatures.newBuilder().addRecent(h("v9", Action.like)).addRecent(h("v8", Action.watch))
                .addRecent(h("v7", Action.watch)).addWatchedVideoIds("v7").addWatchedVideoIds("v1").build();
        var home = Reason.Rule.of(FeedRequest.home("r", "u", 10, null), user);
        assertEquals(new Reason(Reason.BECAUSE_YOU_WATCHED, "v8"), home.of(from("ann")));
        // On Up Next, ann still comes from the user's taste, not from the seed.
        var upNext = Reason.Rule.of(FeedRequest.upNext("r", "u", "seed-1", 10, null), user);
        assertEquals(new Reason(Reason.BECAUSE_YOU_WATCHED, "v8"), upNext.of(from("ann", "up_next")));
    }

    @Test
    void withoutAWatchInTheRecentHistoryTheNewestWatchedIdNamesIt() {
        var user = UserFeatures.newBuilder().addRecent(h("v9", Action.like)).addWatchedVideoIds("v2").addWatchedVideoIds("v5").build();
        assertEquals("v5", Reason.Rule.of(FeedRequest.home("r", "u", 10, null), user).of(from("ann")).videoId());
        assertEquals(new Reason(Reason.BECAUSE_YOU_WATCHED, null),
                Reason.Rule.of(FeedRequest.home("r", "u", 10, null), NOBODY).of(from("ann")), "no history: no video to name");
    }

    @Test
    void trendingIsRegionalWhenARegionIsKnown() {
        var home = FeedRequest.home("r", "u", 10, IN_BR);
        assertEquals(new Reason(Reason.POPULAR_IN_REGION, null), Reason.Rule.of(home, NOBODY).of(from("trending")));
        var homeRegionOnly = UserFeatures.newBuilder().setHomeRegion("PT").build();
        assertEquals(Reason.POPULAR_IN_REGION,
                Reason.Rule.of(FeedRequest.home("r", "u", 10, null), homeRegionOnly).of(from("trending")).code());
        assertEquals(new Reason(Reason.TRENDING, null), Reason.Rule.of(FeedRequest.home("r", "u", 10, null), NOBODY).of(from("trending")));
    }

    @Test
    void theOtherSourcesMapOneToOne() {
        var rule = Reason.Rule.of(FeedRequest.home("r", "u", 10, IN_BR), NOBODY);
        assertEquals(new Reason(Reason.NEW_FROM_SUBSCRIPTION, null), rule.of(from("subscriptions", "ann")));
        assertEquals(new Reason(Reason.TRENDING, null), rule.of(from("popular")), "the global list, even with a region known");
        assertEquals(new Reason(Reason.FRESH, null), rule.of(from("fresh")));
        assertEquals(new Reason(Reason.EXPLORE, null), rule.of(from("explore")));
        assertEquals(new Reason(Reason.RECOMMENDED, null), rule.of(from("item_knn")));
    }

    @Test
    void theFirstSourceDecidesAsItDecidesTheServedSource() {
        var rule = Reason.Rule.of(FeedRequest.upNext("r", "u", "s", 10, IN_BR), NOBODY);
        assertEquals(Reason.FRESH, rule.of(from("fresh", "up_next")).code());
        assertNull(rule.of(from("fresh", "up_next")).videoId());
    }

    @Test
    void servedItemsCarryTheirReason() {
        var user = UserFeatures.newBuilder().addRecent(h("w1", Action.watch)).build();
        var rule = Reason.Rule.of(FeedRequest.home("r", "u", 10, IN_BR), user);
        var items = FeedItem.byPosition(List.of(Candidate.of("a", "c1", 0.9, "ann"), Candidate.of("b", "c2", 4, "trending")), 10, rule);
        assertEquals(List.of(Reason.BECAUSE_YOU_WATCHED, Reason.POPULAR_IN_REGION), items.stream().map(FeedItem::reason).toList());
        assertEquals("w1", items.get(0).reasonVideoId());
        assertNull(items.get(1).reasonVideoId());
        assertEquals("ann", items.get(0).source(), "the source is served unchanged beside the reason");
    }
}
