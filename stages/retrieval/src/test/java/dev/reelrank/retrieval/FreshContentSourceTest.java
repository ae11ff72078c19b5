package dev.reelrank.retrieval;

import static dev.reelrank.retrieval.Fixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.RetrievalSignals.FreshScope;
import dev.reelrank.model.RetrievalSignals.Upload;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import dev.reelrank.model.FeedFilter;
import org.junit.jupiter.api.Test;

class FreshContentSourceTest {
    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");

    private static VideoFeatures video(String id, String channel, String category, String language, String region, String... tags) {
        return VideoFeatures.newBuilder().setVideoId(id).setChannelId(channel).setCategory(category).setLanguage(language)
                .setRegion(region).addAllTags(List.of(tags)).setPublishedAt(Timestamp.newBuilder().setSeconds(T.getEpochSecond())).build();
    }

    private static Upload upload(String id, int secondsAfter) {
        return new Upload(id, null, T.plusSeconds(secondsAfter));
    }

    // Watched before: jazz videos in English. New: nothing has interactions.
    private static final VideoFeatures WATCHED1 = video("w1", "cw", "music", "en", "US", "jazz", "live");
    private static final VideoFeatures WATCHED2 = video("w2", "cw", "music", "en", "US", "jazz");
    private static final VideoFeatures JAZZ_EN = video("new-jazz-en", "c1", "music", "en", "US", "jazz");
    private static final VideoFeatures ROCK_EN = video("new-rock-en", "c2", "music", "en", "US", "rock");
    private static final VideoFeatures JAZZ_PT = video("new-jazz-pt", "c3", "music", "pt", "BR", "jazz");
    private static final VideoFeatures NEWS_EN = video("new-news-en", "c4", "news", "en", "US", "politics");
    private static final VideoFeatures BR_COOKING = video("new-br-cooking", "c5", "cooking", "pt", "BR", "feijoada");
    private static final VideoFeatures MUTED = video("new-muted", "muted", "music", "en", "US", "jazz");

    private static HandBuiltSignals signals() {
        var s = new HandBuiltSignals();
        s.fresh.put(FreshScope.CATEGORY + ":music", List.of(upload("new-muted", 9), upload("new-rock-en", 3), upload("new-jazz-pt", 2),
                upload("new-jazz-en", 1), upload("w1", 0)));
        s.fresh.put(FreshScope.LANGUAGE + ":en", List.of(upload("new-news-en", 5), upload("new-jazz-en", 1)));
        s.fresh.put(FreshScope.REGION + ":BR", List.of(upload("new-br-cooking", 7), upload("new-jazz-pt", 2)));
        return s;
    }

    private static FreshContentSource source(HandBuiltSignals signals) {
        return new FreshContentSource(signals, Fixtures.videos(WATCHED1, WATCHED2, JAZZ_EN, ROCK_EN, JAZZ_PT, NEWS_EN, BR_COOKING, MUTED),
                FreshContentSource.Config.DEFAULTS);
    }

    @Test
    void theRequestsFilterKeepsTheQuotaForMatchingUploads() {
        UserFeatures user = UserFeatures.newBuilder()
                .addRecent(HistoryEntry.newBuilder().setVideoId("w2").setAction(Action.watch))
                .putCategoryAffinity("music", 4.0).addWatchedVideoIds("w1").addWatchedVideoIds("w2")
                .addNotInterestedChannelIds("muted").build();
        // Unfiltered (see below): jazz-en, jazz-pt, rock-en, news-en. Portuguese only: jazz-pt. Excluding jazz-en, music only:
        // jazz-pt, rock-en.
        var portuguese = Fixtures.home(RequestContext.UNKNOWN).withFilter(new FeedFilter(Set.of(), null, "pt", 0));
        assertEquals(List.of("new-jazz-pt"), ids(source(signals()).retrieve(portuguese, user, 10)));
        var music = Fixtures.home(RequestContext.UNKNOWN).withFilter(new FeedFilter(Set.of("new-jazz-en"), "music", null, 0));
        assertEquals(List.of("new-jazz-pt", "new-rock-en"), ids(source(signals()).retrieve(music, user, 2)));
    }

    @Test
    void newUploadsAreRankedByHowWellTheirContentMatchesTheUsersTaste() {
        UserFeatures user = UserFeatures.newBuilder()
                .addRecent(HistoryEntry.newBuilder().setVideoId("w2").setAction(Action.watch))
                .addRecent(HistoryEntry.newBuilder().setVideoId("w1").setAction(Action.like))
                .addRecent(HistoryEntry.newBuilder().setVideoId("new-rock-en").setAction(Action.skip))
                .putCategoryAffinity("music", 4.0).putCategoryAffinity("news", -1.0)
                .addWatchedVideoIds("w1").addWatchedVideoIds("w2").addNotInterestedChannelIds("muted").build();
        var signals = signals();
        var got = source(signals).retrieve(Fixtures.home(RequestContext.UNKNOWN), user, 10);

        assertEquals(List.of("CATEGORY:music", "LANGUAGE:en"), signals.asked, "disliked categories and unknown region not read");
        // jazz-en: category 1 + tags 1 + language 0.5; rock-en: 1 + 0 + 0.5; jazz-pt: 1 + 1; news-en: language only.
        assertEquals(List.of("new-jazz-en", "new-jazz-pt", "new-rock-en", "new-news-en"), ids(got));
        assertEquals(2.5, got.getFirst().score(), 1e-9);
        assertEquals("c1", got.getFirst().channelId());
        assertEquals("fresh", got.getFirst().primarySource());
        assertEquals(List.of("new-jazz-en", "new-jazz-pt"), ids(source(signals()).retrieve(Fixtures.home(RequestContext.UNKNOWN), user, 2)));
    }

    @Test
    void aUserWithNoHistoryGetsTheFreshUploadsOfTheirRegion() {
        var signals = signals();
        var got = source(signals).retrieve(Fixtures.home(new RequestContext("tv", "BR", null)), UserFeatures.getDefaultInstance(), 5);
        assertEquals(List.of("REGION:BR"), signals.asked);
        assertEquals(List.of("new-br-cooking", "new-jazz-pt"), ids(got), "equal match, newest first");
        assertTrue(got.stream().allMatch(c -> c.score() == 0.25));
        assertEquals(List.of("new-br-cooking", "new-jazz-pt"),
                ids(source(signals()).retrieve(Fixtures.home(RequestContext.UNKNOWN), UserFeatures.newBuilder().setHomeRegion("BR").build(), 5)),
                "home region when the request has none");
    }

    @Test
    void nothingToMatchOnMeansNothing() {
        var signals = signals();
        assertEquals(0, source(signals).retrieve(Fixtures.home(RequestContext.UNKNOWN), UserFeatures.getDefaultInstance(), 5).size());
        assertEquals(List.of(), signals.asked);
    }

    @Test
    void aColdUsersRequestedCategoryIsReadAsAListOfItsOwn() {
        var signals = signals();
        var request = Fixtures.home(new RequestContext(null, "BR", null))
                .withFilter(new FeedFilter(Set.of(), "music", null, 0));
        var got = source(signals).retrieve(request, UserFeatures.getDefaultInstance(), 10);
        assertTrue(signals.asked.contains(FreshScope.CATEGORY + ":music"), signals.asked.toString());
        // The region's own music upload gains the region match on top; every result is music.
        assertEquals("new-jazz-pt", got.getFirst().videoId());
        assertTrue(ids(got).containsAll(List.of("new-rock-en", "new-jazz-en", "new-muted")), ids(got).toString());
        assertTrue(!ids(got).contains("new-br-cooking"));
    }
}
