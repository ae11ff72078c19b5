package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The request's exclusions and content filters on every path of {@link FeedAssembler}. */
class FeedFilteringTest {
    /**
     * v1 music/en 200 s, v2 music/pt 100 s, v3 gaming/en 600 s, v4 music/en length unknown,
     * v6 music/en 90 s; v5 is not in the store. Channel "c" + the number.
     */
    private static final Map<String, VideoFeatures> CATALOGUE = Map.of(
            "v1", video("v1", "music", "en", 200), "v2", video("v2", "music", "pt", 100),
            "v3", video("v3", "gaming", "en", 600), "v4", video("v4", "music", "en", 0),
            "v6", video("v6", "music", "en", 90));

    private static VideoFeatures video(String id, String category, String language, int seconds) {
        return VideoFeatures.newBuilder().setVideoId(id).setChannelId("c" + id.substring(1)).setCategory(category)
                .setLanguage(language).setDurationSeconds(seconds).build();
    }

    /** Counts its video reads; {@code down} makes them fail. */
    private static class Store implements FeatureStore {
        final AtomicInteger videoReads = new AtomicInteger();
        final boolean down;

        Store(boolean down) {
            this.down = down;
        }

        @Override public Optional<UserFeatures> user(String userId) { return Optional.empty(); }

        @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
            videoReads.incrementAndGet();
            if (down) throw new IllegalStateException("down");
            var out = new HashMap<String, VideoFeatures>();
            for (String id : ids) if (CATALOGUE.containsKey(id)) out.put(id, CATALOGUE.get(id));
            return out;
        }
    }

    /** Proposes {@code videos}; those given as "id:channel" come with their channel already known. */
    private static CandidateSource source(String name, String... videos) {
        return new CandidateSource() {
            @Override public String name() { return name; }
            @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) {
                var out = new ArrayList<Candidate>();
                for (String v : videos) {
                    String[] parts = v.split(":");
                    out.add(Candidate.of(parts[0], parts.length > 1 ? parts[1] : null, 1, name));
                }
                return out;
            }
        };
    }

    private static final List<Candidate> POPULAR = List.of(Candidate.of("v3", "c3", 9, "popular"),
            Candidate.of("v1", "c1", 8, "popular"), Candidate.of("v2", "c2", 7, "popular"), Candidate.of("v6", "c6", 6, "popular"));

    private static FeedAssembler assembler(Ranker ranker, FeatureStore store, CandidateSource... sources) {
        var quotas = java.util.Arrays.stream(sources).map(s -> new FeedAssembler.SourceQuota(s, 10)).toList();
        return new FeedAssembler(quotas, ranker, List.of(new SeenFilter(), new ChannelDiversityCap(3)), store, Runnable::run,
                "popularity-v0", () -> POPULAR);
    }

    private static FeedRequest home(FeedFilter filter) {
        return FeedRequest.home("r", "u", 10, null).withFilter(filter);
    }

    private static FeedFilter category(String category) {
        return new FeedFilter(Set.of(), category, null, 0);
    }

    private static List<String> ids(Feed f) {
        return f.items().stream().map(FeedItem::videoId).toList();
    }

    @Test
    void excludedVideosAreNeverServed() {
        var feed = assembler(null, new Store(false), source("ann", "v1", "v2", "v3")).assemble(home(FeedFilter.excluding(Set.of("v2"))));
        assertEquals(List.of("v1", "v3"), ids(feed));
        var upNext = FeedRequest.upNext("r", "u", "v1", 10, null).withFilter(FeedFilter.excluding(Set.of("v3")));
        assertEquals(List.of("v2"), ids(assembler(null, new Store(false), source("up_next", "v1", "v2", "v3")).assemble(upNext)),
                "v1 is the seed, v3 excluded");
    }

    @Test
    void aCategoryIsCheckedOnTheOneReadThatFillsChannelsEvenForCandidatesWithAChannel() {
        var store = new Store(false);
        // v3 (gaming) arrives with its channel known, v5 is unknown to the store.
        var feed = assembler(null, store, source("ann", "v1", "v5"), source("subscriptions", "v3:c3", "v2:c2"))
                .assemble(home(category("music")));
        assertEquals(List.of("v1", "v2"), ids(feed));
        assertEquals(1, store.videoReads.get(), "one round trip, as without a filter");
        assertEquals(List.of("c1", "c2"), feed.items().stream().map(FeedItem::channelId).toList());
    }

    @Test
    void withoutAContentFilterCandidatesWithAChannelAreNotRead() {
        var store = new Store(false);
        var feed = assembler(null, store, source("subscriptions", "v3:c3", "v5:c5")).assemble(home(FeedFilter.NONE));
        assertEquals(List.of("v3", "v5"), ids(feed));
        assertEquals(0, store.videoReads.get());
    }

    @Test
    void languageAndDurationNarrowTogether() {
        var all = source("ann", "v1", "v2", "v3", "v4", "v5", "v6");
        assertEquals(List.of("v2", "v6"), ids(assembler(null, new Store(false), all).assemble(home(new FeedFilter(Set.of(), null, null, 150)))),
                "v4's length is unknown, v5 is unknown");
        assertEquals(List.of("v1", "v6"), ids(assembler(null, new Store(false), all)
                .assemble(home(new FeedFilter(Set.of("v4"), "music", "en", 0)))));
    }

    @Test
    void theRankerIsOnlyGivenAdmittedCandidatesAndATimeoutKeepsThemFiltered() {
        var seen = new ArrayList<String>();
        Ranker slow = (r, u, cs) -> {
            cs.forEach(c -> seen.add(c.videoId()));
            throw new Ranker.Timeout("no ranking within 80 ms");
        };
        var feed = assembler(slow, new Store(false), source("ann", "v1", "v2", "v3", "v6"))
                .assemble(home(new FeedFilter(Set.of("v6"), "music", null, 0)));
        assertEquals(List.of("v1", "v2"), seen);
        assertEquals("ranking_timeout", feed.fallbackReason());
        assertEquals(List.of("v1", "v2"), ids(feed));
    }

    @Test
    void whenTheFilterLeavesNothingThePopularListIsFilteredToo() {
        var feed = assembler(null, new Store(false), source("ann", "v3")).assemble(home(new FeedFilter(Set.of("v1"), "music", null, 0)));
        assertEquals("no_candidates", feed.fallbackReason());
        assertEquals(List.of("v2", "v6"), ids(feed), "v3 is gaming, v1 excluded");
        assertTrue(feed.items().stream().allMatch(i -> Reason.TRENDING.equals(i.reason())));
    }

    @Test
    void anUnreadableStoreMeetsNoContentFilterButStillHonoursExclusions() {
        var sources = new CandidateSource[]{source("ann", "v1:c1", "v2:c2", "v3:c3")};
        var down = assembler(null, new Store(true), sources);
        var filtered = down.assemble(home(category("music")));
        assertEquals(List.of(), ids(filtered), "no video can be shown to be music, not even the popular ones");
        assertEquals("no_candidates", filtered.fallbackReason());
        assertEquals(List.of("v1", "v3"), ids(down.assemble(home(FeedFilter.excluding(Set.of("v2"))))));
    }

    @Test
    void excludedPopularVideosAreDroppedWithoutAnyRead() {
        var store = new Store(false);
        var feed = assembler(null, store).assemble(home(FeedFilter.excluding(Set.of("v3", "v2"))));
        assertEquals(List.of("v1", "v6"), ids(feed));
        assertEquals(0, store.videoReads.get());
    }

    @Test
    void theMergeAndThePopularListReadMetadataOnly() {
        // Channels and content are metadata: a store whose full reads fail still serves both paths.
        FeatureStore metadataOnly = new Store(true) {
            @Override public Map<String, VideoFeatures> videoMetadata(Collection<String> ids) {
                var out = new HashMap<String, VideoFeatures>();
                for (String id : ids) if (CATALOGUE.containsKey(id)) out.put(id, CATALOGUE.get(id));
                return out;
            }
        };
        var merged = assembler(null, metadataOnly, source("ann", "v1", "v3", "v5")).assemble(home(category("music")));
        assertEquals(List.of("v1"), ids(merged));
        assertEquals(List.of("c1"), merged.items().stream().map(FeedItem::channelId).toList());
        var popular = assembler(null, metadataOnly).assemble(home(category("music")));
        assertEquals(List.of("v1", "v2", "v6"), ids(popular));
        assertEquals(0, ((Store) metadataOnly).videoReads.get(), "no full read");
    }
}
