package dev.reelrank.retrieval;

import static dev.reelrank.retrieval.Fixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.model.FeedFilter;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.RetrievalSignals.Upload;
import dev.reelrank.proto.v1.UserFeatures;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrendingAndSubscriptionSourceTest {
    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void trendingReadsTheRequestRegionThenTheHomeRegionThenGlobal() {
        var signals = new HandBuiltSignals();
        signals.trending.put("BR", List.of(new ScoredVideo("br1", 9), new ScoredVideo("br2", 5), new ScoredVideo("br3", 2)));
        signals.trending.put("PT", List.of(new ScoredVideo("pt1", 4)));
        signals.trending.put(Popularity.GLOBAL, List.of(new ScoredVideo("g1", 99)));
        var source = new TrendingSource(signals, 10);
        UserFeatures user = UserFeatures.newBuilder().setHomeRegion("PT").addWatchedVideoIds("br1").build();

        var got = source.retrieve(Fixtures.home(new RequestContext(null, "BR", null)), user, 5);
        assertEquals(List.of("br2", "br3"), ids(got), "watched videos skipped");
        assertEquals(5.0, got.getFirst().score());
        assertEquals("trending", got.getFirst().primarySource());
        assertEquals(List.of("pt1"), ids(source.retrieve(Fixtures.home(RequestContext.UNKNOWN), user, 5)));
        assertEquals(List.of("g1"), ids(source.retrieve(Fixtures.home(new RequestContext(null, "JP", null)), user, 5)),
                "nothing trending in the region: global");
        assertEquals(List.of("g1"), ids(source.retrieve(Fixtures.home(RequestContext.UNKNOWN), UserFeatures.getDefaultInstance(), 5)));
        assertEquals(List.of("br2"), ids(source.retrieve(Fixtures.home(new RequestContext(null, "BR", null)), user, 1)), "quota");
    }

    @Test
    void videosTheRequestExcludesDoNotUseUpTheQuota() {
        var signals = new HandBuiltSignals();
        signals.trending.put("BR", List.of(new ScoredVideo("br1", 9), new ScoredVideo("br2", 5), new ScoredVideo("br3", 2)));
        signals.uploads.put("c1", List.of(new Upload("c1-new", "c1", T.plusSeconds(30)), new Upload("c1-old", "c1", T)));
        var request = Fixtures.home(new RequestContext(null, "BR", null)).withFilter(FeedFilter.excluding(Set.of("br1", "c1-new")));
        UserFeatures user = UserFeatures.newBuilder().addSubscribedChannelIds("c1").build();
        assertEquals(List.of("br2", "br3"), ids(new TrendingSource(signals, 10).retrieve(request, user, 2)));
        assertEquals(List.of("c1-old"), ids(new SubscriptionSource(signals, 5, 5).retrieve(request, user, 5)));
    }

    @Test
    void subscriptionsAreTheNewestUploadsOfTheNewestSubscriptions() {
        var signals = new HandBuiltSignals();
        signals.uploads.put("c1", List.of(new Upload("c1-new", "c1", T.plusSeconds(30)), new Upload("c1-old", "c1", T)));
        signals.uploads.put("c2", List.of(new Upload("c2-new", "c2", T.plusSeconds(20))));
        signals.uploads.put("c3", List.of(new Upload("c3-new", "c3", T.plusSeconds(40))));
        UserFeatures user = UserFeatures.newBuilder().addSubscribedChannelIds("c3").addSubscribedChannelIds("c2")
                .addSubscribedChannelIds("c1").addSubscribedChannelIds("muted").addNotInterestedChannelIds("muted")
                .addWatchedVideoIds("c1-new").build();

        var got = new SubscriptionSource(signals, 2, 5).retrieve(Fixtures.home(RequestContext.UNKNOWN), user, 10);
        assertEquals(List.of("channels:c1,c2"), signals.asked, "the two newest subscriptions, the muted channel skipped");
        assertEquals(List.of("c2-new", "c1-old"), ids(got));
        assertEquals("c2", got.getFirst().channelId());
        assertEquals(List.of(1.0, 0.5), got.stream().map(c -> c.score()).toList());
        assertEquals(1, new SubscriptionSource(signals, 5, 5).retrieve(Fixtures.home(RequestContext.UNKNOWN), user, 1).size());
        assertEquals(0, new SubscriptionSource(signals, 5, 5)
                .retrieve(Fixtures.home(RequestContext.UNKNOWN), UserFeatures.getDefaultInstance(), 5).size());
    }
}
