package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    /**
     * A source giving its own kind of score, from {@code videos} alternating with {@code scores}; bound to
     * model version {@code version} unless null.
     */
    private static CandidateSource scored(String name, String version, Object... videosAndScores) {
        return new CandidateSource() {
            @Override public String name() { return name; }
            @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) {
                var out = new java.util.ArrayList<Candidate>();
                for (int i = 0; i + 1 < videosAndScores.length && out.size() < quota; i += 2) {
                    out.add(Candidate.of((String) videosAndScores[i], null, ((Number) videosAndScores[i + 1]).doubleValue(), name));
                }
                return out;
            }
            @Override public Optional<String> modelVersion(FeedRequest r) { return Optional.ofNullable(version); }
        };
    }

    private static List<Double> scores(Feed f) {
        return f.items().stream().map(FeedItem::score).toList();
    }

    private static void assertNonIncreasing(Feed f) {
        var s = scores(f);
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.get(i) <= s.get(i - 1), "score " + i + " above the one before it: " + s);
        }
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
    void theRankerSeesTheHomeRegionWhenTheRequestHasNoneTheSourcesTheRequestItselfAndTheFeedSaysWhereItCameFrom() {
        var user = USER.toBuilder().setHomeRegion("DE").build();
        var store = new FeatureStore() {
            @Override public Optional<UserFeatures> user(String userId) { return Optional.of(user); }
            @Override public Map<String, VideoFeatures> videos(Collection<String> ids) { return FEATURES.videos(ids); }
        };
        var seen = new java.util.ArrayList<RequestContext>();
        var sourcesGot = new java.util.ArrayList<FeedRequest>();
        CandidateSource regional = new CandidateSource() {
            @Override public String name() { return "trending"; }
            @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) {
                sourcesGot.add(r);
                seen.add(r.context());
                return List.of(Candidate.of("v1", null, 1, "trending"));
            }
        };
        Ranker ranker = (r, u, cs) -> {
            seen.add(r.context());
            return new Ranker.Ranking("m", cs);
        };
        var assembler = new FeedAssembler(List.of(new FeedAssembler.SourceQuota(regional, 3)), ranker, List.of(), store,
                Runnable::run, "retrieval-v0", List::of);
        var wall = java.time.Instant.parse("2026-12-06T19:30:00Z");

        var request = FeedRequest.home("r1", "u", 5, new RequestContext("tv", null, wall));
        var feed = assembler.assemble(request);
        // The sources get the request object itself: it is the key its pinned retrieval version is
        // found by, so a copy would search the version served now (a rollout mixing two versions).
        // They fall back to the home region on their own; the ranker gets it in its copy.
        assertSame(request, sourcesGot.getFirst());
        assertEquals(List.of(new RequestContext("tv", null, wall), new RequestContext("tv", "DE", wall)), seen);
        assertEquals(new ServedContext("tv", ServedContext.HEADER, "DE", ServedContext.PROFILE, 19, ServedContext.HEADER),
                feed.context());
        assertEquals(Reason.POPULAR_IN_REGION, feed.items().getFirst().reason());

        seen.clear();
        feed = assembler.assemble(FeedRequest.home("r2", "u", 5, new RequestContext(null, "BR", null)));
        assertEquals(new RequestContext(null, "BR", null), seen.getFirst(), "the request's region wins");
        assertEquals(new ServedContext(null, ServedContext.NONE, "BR", ServedContext.HEADER, null, ServedContext.NONE),
                feed.context());
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
    void anOpenBreakerKeepsRetrievalOrderAndSaysItWasTheBreaker() {
        Ranker open = (r, u, cs) -> { throw new Ranker.CircuitOpen("breaker open"); };
        var feed = assembler(open, source("a", "v1", "v3")).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v1", "v3"), ids(feed));
        assertTrue(feed.fallback());
        assertEquals("ranking_circuit_open", feed.fallbackReason());
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

    @Test
    void aTimedOutRankerServesPositionScoresAndNamesTheRetrievalModelThatOrderedTheFeed() {
        // ANN cosines, trending counts, popularity: three scales, none comparable with another.
        var ann = scored("ann", "tt-7", "v1", 0.56, "v3", 0.31);
        var trending = scored("trending", null, "v4", 57, "v5", 12, "v3", 40);
        var popular = scored("popular", null, "v6", 5.7, "v7", 1.17, "v8", 1.0);
        Ranker slow = (r, u, cs) -> { throw new Ranker.Timeout("no ranking within 80 ms"); };
        var quotas = List.of(new FeedAssembler.SourceQuota(ann, 5), new FeedAssembler.SourceQuota(trending, 5),
                new FeedAssembler.SourceQuota(popular, 5));
        // Merged: v1 v3 v4 v5 v6 v7 v8. At most two per channel (ch1: odd ids, ch0: even): v5, v7 and v8 move behind.
        var assembler = new FeedAssembler(quotas, slow, List.of(new SeenFilter(), new ChannelDiversityCap(2)), FEATURES,
                Runnable::run, "retrieval-v0", () -> List.of());

        var feed = assembler.assemble(FeedRequest.home("r1", "u", 10, null));

        assertEquals("ranking_timeout", feed.fallbackReason());
        assertEquals(List.of("v1", "v3", "v4", "v6", "v5", "v7", "v8"), ids(feed));
        assertNonIncreasing(feed);
        // 1 - i/n over the post-processed list (n = 7).
        for (int i = 0; i < 7; i++) assertEquals(1 - i / 7.0, feed.items().get(i).score(), 1e-12);
        assertEquals("tt-7", feed.modelVersion(), "the two-tower version whose candidates lead the order, not the configured name");
        // A shorter page keeps the scores of the items it shares.
        assertEquals(scores(feed).subList(0, 3), scores(assembler.assemble(FeedRequest.home("r2", "u", 3, null))));
    }

    @Test
    void aRetrievalOrderWithoutVersionBoundCandidatesKeepsTheConfiguredName() {
        var annWithNothing = scored("ann", "tt-7");
        var trending = scored("trending", null, "v4", 57, "v5", 120);
        Ranker broken = (r, u, cs) -> { throw new IllegalStateException("down"); };
        var quotas = List.of(new FeedAssembler.SourceQuota(annWithNothing, 5), new FeedAssembler.SourceQuota(trending, 5));
        var feed = new FeedAssembler(quotas, broken, List.of(new SeenFilter()), FEATURES, Runnable::run, "retrieval-v0",
                () -> List.of()).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals("ranking_unavailable", feed.fallbackReason());
        assertEquals("retrieval-v0", feed.modelVersion());
        assertEquals(List.of(1.0, 0.5), scores(feed));
    }

    @Test
    void withRankingOffTheMergeOrderIsScoredByPositionToo() {
        var feed = assembler(null, scored("a", "tt-7", "v1", 0.2, "v3", 0.9), scored("b", null, "v4", 40))
                .assemble(FeedRequest.home("r1", "u", 10, null));
        assertFalse(feed.fallback());
        assertEquals(List.of("v1", "v3", "v4"), ids(feed));
        assertEquals(List.of(1.0, 2 / 3.0, 1 / 3.0), scores(feed));
        assertEquals("tt-7", feed.modelVersion());
    }

    @Test
    void rankedScoresAreTheRankersAndNeverRiseDownTheList() {
        // A ranker held to a retrieval window (ScoreCombiner) may leave a better-scored candidate below a worse one.
        Ranker windowed = (r, u, cs) -> new Ranker.Ranking("mmoe-7", List.of(
                cs.get(0).withScore(0.4), cs.get(1).withScore(0.7), cs.get(2).withScore(0.2)));
        var feed = assembler(windowed, scored("ann", "tt-7", "v1", 0.9, "v3", 0.8, "v4", 0.1)).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals("mmoe-7", feed.modelVersion());
        assertFalse(feed.fallback());
        assertEquals(List.of("v1", "v3", "v4"), ids(feed));
        assertEquals(List.of(0.4, 0.4, 0.2), scores(feed), "v3's 0.7 is lowered to the 0.4 above it");
    }

    @Test
    void thePopularListIsScoredByPositionAndKeepsItsName() {
        var annWithNothing = scored("ann", "tt-7");
        var quotas = List.of(new FeedAssembler.SourceQuota(annWithNothing, 5));
        var popular = List.of(Candidate.of("p1", "c1", 3, "popular"), Candidate.of("p2", "c1", 9, "popular"),
                Candidate.of("p3", "c1", 2, "popular"), Candidate.of("p4", "c2", 1, "popular"));
        var feed = new FeedAssembler(quotas, null, List.of(new SeenFilter(), new ChannelDiversityCap(2)), FEATURES,
                Runnable::run, "popularity-v0", () -> popular).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals("no_candidates", feed.fallbackReason());
        assertEquals("popularity-v0", feed.modelVersion());
        assertEquals(List.of("p1", "p2", "p4", "p3"), ids(feed));
        assertEquals(List.of(1.0, 0.75, 0.5, 0.25), scores(feed));
    }

    @Test
    void versionBoundCandidatesTheStoreDoesNotKnowDoNotNameTheFeed() {
        FeatureStore onlyV4 = new FeatureStore() {
            @Override public Optional<UserFeatures> user(String userId) { return Optional.of(USER); }
            @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
                return ids.contains("v4") ? Map.of("v4", VideoFeatures.newBuilder().setVideoId("v4").setChannelId("ch0").build()) : Map.of();
            }
        };
        var quotas = List.of(new FeedAssembler.SourceQuota(scored("ann", "tt-7", "v1", 0.9), 5),
                new FeedAssembler.SourceQuota(scored("trending", null, "v4", 57), 5));
        var feed = new FeedAssembler(quotas, null, List.of(new SeenFilter()), onlyV4, Runnable::run, "retrieval-v0",
                () -> List.of()).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v4"), ids(feed), "v1 is left out: its channel is unknown");
        assertEquals("retrieval-v0", feed.modelVersion());
    }
}
