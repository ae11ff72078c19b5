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
        assertInstanceOf(AnnSource.class, sources.get(0).source());
        assertInstanceOf(UpNextSource.class, sources.get(1).source());
        assertInstanceOf(FreshContentSource.class, sources.get(4).source());
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
}
