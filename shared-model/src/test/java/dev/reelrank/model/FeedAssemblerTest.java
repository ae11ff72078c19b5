package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pipeline's orchestration and its fallbacks, with hand-written sources and rankers. */
class FeedAssemblerTest {
    private static final UserFeatures USER = UserFeatures.newBuilder().setUserId("u").addWatchedVideoIds("v2").build();

    /** Features for videos v1..v9, channel = "ch" + (n % 2). */
    private static final FeatureStore FEATURES = new FeatureStore() {
        @Override public Optional<UserFeatures> user(String userId) { return Optional.of(USER); }
        @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
            return ids.stream().collect(Collectors.toMap(id -> id, id -> VideoFeatures.newBuilder().setVideoId(id)
                    .setChannelId("ch" + (Integer.parseInt(id.substring(1)) % 2)).build()));
        }
    };

    private static CandidateSource source(String name, String... videos) {
        return new CandidateSource() {
            @Override public String name() { return name; }
            @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) {
                return java.util.Arrays.stream(videos).limit(quota).map(v -> Candidate.of(v, null, 1.0 / v.hashCode(), name)).toList();
            }
        };
    }

    private static final CandidateSource FAILING = new CandidateSource() {
        @Override public String name() { return "broken"; }
        @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) { throw new IllegalStateException("down"); }
    };

    private static FeedAssembler assembler(Ranker ranker, CandidateSource... sources) {
        var quotas = java.util.Arrays.stream(sources).map(s -> new FeedAssembler.SourceQuota(s, 3)).toList();
        return new FeedAssembler(quotas, ranker, List.of(new SeenFilter(), new ChannelDiversityCap(3)), FEATURES,
                Runnable::run, "retrieval-v0", () -> List.of(Candidate.of("v9", "ch1", 0, "popular-cache")));
    }

    private static List<String> ids(Feed f) {
        return f.items().stream().map(FeedItem::videoId).toList();
    }

    @Test
    void mergesSourcesDropsWatchedAndFillsChannels() {
        var feed = assembler(null, source("a", "v1", "v2", "v3"), source("b", "v3", "v4")).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v1", "v3", "v4"), ids(feed));
        assertEquals("ch1", feed.items().get(0).channelId());
        assertEquals("a", feed.items().get(1).source(), "first source that proposed v3");
        assertEquals("retrieval-v0", feed.modelVersion());
        assertFalse(feed.fallback());
    }

    @Test
    void aSourceMadeForTheSurfaceLeadsItsMerge() {
        var quotas = List.of(new FeedAssembler.SourceQuota(source("ann", "v1", "v3"), 3),
                new FeedAssembler.SourceQuota(source("up_next", "v4", "v5"), 3, dev.reelrank.proto.v1.Surface.up_next));
        var assembler = new FeedAssembler(quotas, null, List.of(new SeenFilter(), new ChannelDiversityCap(3)), FEATURES,
                Runnable::run, "retrieval-v0", () -> List.of());
        assertEquals(List.of("v4", "v5", "v1", "v3"), ids(assembler.assemble(FeedRequest.upNext("r1", "u", "v8", 10, null))));
        assertEquals(List.of("v1", "v3", "v4", "v5"), ids(assembler.assemble(FeedRequest.home("r2", "u", 10, null))),
                "other surfaces keep the configured order");
    }

    @Test
    void rankerOrdersAndNamesTheModel() {
        Ranker byIdDescending = (r, u, cs) -> new Ranker.Ranking("mmoe-7",
                cs.stream().sorted(Comparator.comparing(Candidate::videoId).reversed()).toList());
        var feed = assembler(byIdDescending, source("a", "v1", "v3", "v4")).assemble(FeedRequest.home("r1", "u", 2, null));
        assertEquals(List.of("v4", "v3"), ids(feed));
        assertEquals("mmoe-7", feed.modelVersion());
    }

    @Test
    void failingRankerKeepsRetrievalOrderAndSaysSo() {
        Ranker broken = (r, u, cs) -> { throw new IllegalStateException("timeout"); };
        var feed = assembler(broken, source("a", "v1", "v3")).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v1", "v3"), ids(feed));
        assertTrue(feed.fallback());
        assertEquals("ranking_unavailable", feed.fallbackReason());
    }

    @Test
    void slowRankerKeepsRetrievalOrderAndSaysItTimedOut() {
        Ranker slow = (r, u, cs) -> { throw new Ranker.Timeout("no ranking within 80 ms"); };
        var feed = assembler(slow, source("a", "v1", "v3")).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v1", "v3"), ids(feed));
        assertTrue(feed.fallback());
        assertEquals("ranking_timeout", feed.fallbackReason());
    }

    @Test
    void failingSourcesFallBackToThePopularCache() {
        var feed = assembler(null, FAILING).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v9"), ids(feed));
        assertTrue(feed.fallback());
        assertEquals("no_candidates", feed.fallbackReason());
    }

    @Test
    void aVideoTheStoreDoesNotKnowYetIsLeftOutUnlessTheStoreIsDown() {
        FeatureStore onlyV1 = new FeatureStore() {
            @Override public Optional<UserFeatures> user(String userId) { return Optional.of(USER); }
            @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
                return ids.contains("v1") ? Map.of("v1", VideoFeatures.newBuilder().setVideoId("v1").setChannelId("ch1").build()) : Map.of();
            }
        };
        FeatureStore down = new FeatureStore() {
            @Override public Optional<UserFeatures> user(String userId) { return Optional.of(USER); }
            @Override public Map<String, VideoFeatures> videos(Collection<String> ids) { throw new IllegalStateException("down"); }
        };
        var quotas = List.of(new FeedAssembler.SourceQuota(source("trending", "v1", "v3"), 3));
        var knowing = new FeedAssembler(quotas, null, List.of(new SeenFilter()), onlyV1, Runnable::run, "r", () -> List.of());
        assertEquals(List.of("v1"), ids(knowing.assemble(FeedRequest.home("r1", "u", 10, null))),
                "v3 has counts but no video.published stored: its channel is unknown");
        var blind = new FeedAssembler(quotas, null, List.of(new SeenFilter()), down, Runnable::run, "r", () -> List.of());
        assertEquals(List.of("v1", "v3"), ids(blind.assemble(FeedRequest.home("r2", "u", 10, null))));
    }
}
