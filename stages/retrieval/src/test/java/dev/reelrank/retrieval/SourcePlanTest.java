package dev.reelrank.retrieval;

import static dev.reelrank.retrieval.Fixtures.V1;
import static dev.reelrank.retrieval.Fixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePlanTest {
    @TempDir
    Path dir;
    EmbeddedHnswIndex index;
    final Map<String, float[]> vectors = new LinkedHashMap<>();
    final List<String> bound = new ArrayList<>();
    final Popularity popularity = (scope, n) -> List.of(new Popularity.ScoredVideo("pop1", 9)).stream().limit(n).toList();

    @BeforeEach
    void open() {
        vectors.put("seed", new float[] {1, 0, 0});
        vectors.put("near-seed", new float[] {0.95f, 0.05f, 0});
        vectors.put("user-match", new float[] {0, 1, 0});
        index = Fixtures.index(dir, vectors);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private SourcePlan.Inputs inputs() {
        var version = new SourcePlan.VersionInputs(index, new UserEmbeddings(V1, null), id -> Optional.ofNullable(vectors.get(id)));
        var fixed = SourcePlan.VersionBinding.fixed(version);
        SourcePlan.VersionBinding recording = (name, build) -> {
            bound.add(name);
            return fixed.bind(name, build);
        };
        var features = Fixtures.videos(video("seed"), video("near-seed"), video("user-match"), video("pop1"));
        return new SourcePlan.Inputs(recording, new HandBuiltSignals(), features, popularity);
    }

    private static VideoFeatures video(String id) {
        return VideoFeatures.newBuilder().setVideoId(id).setChannelId("ch-" + id).build();
    }

    private static dev.reelrank.model.CandidateSource unwrapped(FeedAssembler.SourceQuota sq) {
        return sq.source() instanceof ColdStart.Shifted shifted ? shifted.delegate() : sq.source();
    }

    private static List<String> names(List<FeedAssembler.SourceQuota> sources) {
        return sources.stream().map(s -> s.source().name()).toList();
    }

    @Test
    void defaultsAreTodaysSourcesAndQuotasInMergeOrder() {
        var sources = SourcePlan.DEFAULTS.sources(inputs());
        assertEquals(List.of("ann", "up_next", "subscriptions", "trending", "fresh", "popular"), names(sources));
        assertEquals(List.of(450, 200, 100, 100, 100, 500), sources.stream().map(FeedAssembler.SourceQuota::quota).toList());
        assertEquals(Surface.up_next, sources.get(1).leadsOn());
        sources.stream().filter(s -> s != sources.get(1)).forEach(s -> assertNull(s.leadsOn(), s.source().name()));
        // The version-bound sources, and only they, go through the binding.
        assertEquals(List.of("ann", "up_next"), bound);
        assertInstanceOf(AnnSource.class, unwrapped(sources.get(0)));
        assertInstanceOf(UpNextSource.class, sources.get(1).source());
        assertInstanceOf(TrendingSource.class, unwrapped(sources.get(3)));
        assertInstanceOf(FreshContentSource.class, unwrapped(sources.get(4)));
    }

    @Test
    void defaultsAreTodaysTunables() {
        var d = SourcePlan.DEFAULTS;
        assertEquals(100, d.overfetchCap());
        assertEquals(50, d.subscriptionsMaxChannels());
        assertEquals(5, d.subscriptionsPerChannel());
        assertEquals(0.7, d.upNextSeedWeight());
        assertEquals(new FreshContentSource.Config(3, 1, 20, 50, 1.0, 1.0, 0.5, 0.25), d.freshMatching());
    }

    @Test
    void aSourceSwitchedOffOrWithoutQuotaIsLeftOut() {
        var d = SourcePlan.DEFAULTS;
        var plan = new SourcePlan(new SourcePlan.Source(false, 450), d.upNext(), d.subscriptions().withQuota(0), d.trending(),
                new SourcePlan.Source(false, 0), 0, d.overfetchCap(), d.subscriptionsMaxChannels(), d.subscriptionsPerChannel(),
                d.upNextSeedWeight(), d.freshMatching());
        assertEquals(List.of("up_next", "trending"), names(plan.sources(inputs())));
        assertEquals(List.of("up_next"), bound);
    }

    @Test
    void upNextLeadsOnUpNextRequestsAndGivesNothingOnHome() {
        var d = SourcePlan.DEFAULTS;
        var plan = new SourcePlan(d.ann().withQuota(1), d.upNext().withQuota(1), d.subscriptions(), d.trending(), d.fresh(), 1,
                d.overfetchCap(), d.subscriptionsMaxChannels(), d.subscriptionsPerChannel(), d.upNextSeedWeight(), d.freshMatching());
        var in = inputs();
        var assembler = new FeedAssembler(plan.sources(in), null, List.of(), in.features(), Runnable::run, "test", List::of);
        var user = Fixtures.userWithEmbedding(V1, 0, 1, 0);

        var home = assembler.retrieve(FeedRequest.home("r1", "u1", 10, RequestContext.UNKNOWN), user);
        assertEquals(List.of("user-match", "pop1"), ids(home));

        var upNext = assembler.retrieve(FeedRequest.upNext("r2", "u1", "seed", 10, RequestContext.UNKNOWN), user);
        assertEquals(List.of("near-seed", "user-match", "pop1"), ids(upNext));
        assertEquals("up_next", upNext.getFirst().primarySource());
    }

    /**
     * Without a model (or with one whose feature read cannot find the video yet), the seed of Up Next
     * is the vector the index holds: a video published a moment ago is a seed once it is indexed.
     */
    @Test
    void anIndexedVideoSeedsUpNextWithoutItsFeatures() {
        var inputs = SourcePlan.VersionInputs.of(V1, index, null, Fixtures.videos());
        float[] seed = inputs.seeds().of("seed").orElseThrow();
        assertEquals(1f, seed[0], 1e-6f);
        assertEquals(Optional.empty(), inputs.seeds().of("not-indexed"));
    }

    /** A plan whose every source can answer: ann (the user's vector), trending in BR and globally, fresh uploads of BR, popular. */
    private FeedAssembler assemblerWithSignals(SourcePlan plan) {
        var signals = new HandBuiltSignals();
        signals.trending.put("BR", List.of(new Popularity.ScoredVideo("trend-br", 5)));
        signals.trending.put(Popularity.GLOBAL, List.of(new Popularity.ScoredVideo("trend-global", 7)));
        var at = java.time.Instant.parse("2026-12-01T00:00:00Z");
        signals.fresh.put(dev.reelrank.model.RetrievalSignals.FreshScope.REGION + ":BR",
                List.of(new dev.reelrank.model.RetrievalSignals.Upload("fresh-br", "ch-fresh-br", at)));
        var version = new SourcePlan.VersionInputs(index, new UserEmbeddings(V1, Fixtures.tower(V1, 0, 1, 0)), id -> Optional.empty());
        var features = Fixtures.videos(video("user-match"), video("seed"), video("near-seed"), video("pop1"), video("trend-br"),
                video("trend-global"), VideoFeatures.newBuilder().setVideoId("fresh-br").setChannelId("ch-fresh-br").setRegion("BR").build());
        var in = new SourcePlan.Inputs(SourcePlan.VersionBinding.fixed(version), signals, features, popularity);
        return new FeedAssembler(plan.sources(in), null, List.of(), features, Runnable::run, "test", List::of);
    }

    @Test
    void aColdUserGetsTheRegionsTrendingFirstThenItsFreshUploadsAndNoAnn() {
        var d = SourcePlan.DEFAULTS;
        var plan = new SourcePlan(d.ann().withQuota(1), d.upNext(), d.subscriptions(), d.trending(), d.fresh(), 1,
                d.overfetchCap(), d.subscriptionsMaxChannels(), d.subscriptionsPerChannel(), d.upNextSeedWeight(), d.freshMatching());
        var assembler = assemblerWithSignals(plan);
        var cold = dev.reelrank.proto.v1.UserFeatures.newBuilder().setUserId("new").build();
        var got = assembler.retrieve(FeedRequest.home("r", "new", 10, new RequestContext(null, "BR", null)), cold);
        // The user tower would have answered (it embeds anyone), but a cold user's plan leaves ann out.
        assertEquals(List.of("trend-br", "fresh-br", "pop1"), ids(got));
        assertEquals("trending", got.getFirst().primarySource());
    }

    @Test
    void aColdUserWithoutARegionHeaderFallsBackToTheStoredRegionThenGlobal() {
        var assembler = assemblerWithSignals(SourcePlan.DEFAULTS);
        var storedBr = dev.reelrank.proto.v1.UserFeatures.newBuilder().setUserId("new").setHomeRegion("BR").build();
        assertEquals("trend-br", assembler.retrieve(FeedRequest.home("r", "new", 10, RequestContext.UNKNOWN), storedBr).getFirst().videoId());
        var nowhere = dev.reelrank.proto.v1.UserFeatures.newBuilder().setUserId("new").build();
        assertEquals("trend-global", assembler.retrieve(FeedRequest.home("r", "new", 10, RequestContext.UNKNOWN), nowhere).getFirst().videoId());
    }

    @Test
    void aWarmUserKeepsTheWarmPlanWithAnnFirst() {
        var assembler = assemblerWithSignals(SourcePlan.DEFAULTS);
        var warm = dev.reelrank.proto.v1.UserFeatures.newBuilder().setUserId("u1").addWatchedVideoIds("seen").build();
        var got = assembler.retrieve(FeedRequest.home("r", "u1", 10, new RequestContext(null, "BR", null)), warm);
        assertEquals("ann", got.getFirst().primarySource());
        assertEquals("user-match", got.getFirst().videoId());
        assertEquals(true, ids(got).contains("trend-br"));
    }

    @Test
    void coldStartOffServesTheWarmPlanToEveryone() {
        var assembler = assemblerWithSignals(SourcePlan.DEFAULTS.withColdStart(new ColdStart(false, 0, 300, 150)));
        var cold = dev.reelrank.proto.v1.UserFeatures.newBuilder().setUserId("new").build();
        var got = assembler.retrieve(FeedRequest.home("r", "new", 10, new RequestContext(null, "BR", null)), cold);
        assertEquals("ann", got.getFirst().primarySource());
    }

    @Test
    void upNextIsNotShiftedForAColdUser() {
        var assembler = assemblerWithSignals(SourcePlan.DEFAULTS);
        var cold = dev.reelrank.proto.v1.UserFeatures.newBuilder().setUserId("new").build();
        var got = assembler.retrieve(FeedRequest.upNext("r", "new", "seed", 10, new RequestContext(null, "BR", null)), cold);
        assertEquals(true, got.stream().anyMatch(c -> "ann".equals(c.primarySource())), "ann keeps its quota on Up Next");
    }

    @Test
    void coldMeansNoHistoryOfAnyKind() {
        var b = dev.reelrank.proto.v1.UserFeatures.newBuilder().setUserId("u").setHomeRegion("BR").setInteractionCount(4);
        assertEquals(true, ColdStart.isCold(b.build()), "impressions alone (count, region) leave a user cold");
        assertEquals(false, ColdStart.isCold(b.clone().addWatchedVideoIds("v").build()));
        assertEquals(false, ColdStart.isCold(b.clone().addRecent(dev.reelrank.proto.v1.HistoryEntry.newBuilder().setVideoId("v")).build()));
        assertEquals(false, ColdStart.isCold(b.clone().addEmbedding(1f).build()));
    }
}
