package dev.reelrank.retrieval;

import static dev.reelrank.retrieval.Fixtures.V1;
import static dev.reelrank.retrieval.Fixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.model.FeedFilter;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vector sources hand the request's category and language to the index and skip its exclusions. */
class AnnFilterTest {
    @TempDir
    Path dir;
    EmbeddedHnswIndex index;

    private static VectorIndex.Entry entry(String id, String category, String language, float... v) {
        return new VectorIndex.Entry(id, v, new VectorIndex.Payload(null, null, language, category, null));
    }

    @BeforeEach
    void open() {
        index = new EmbeddedHnswIndex(dir, HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO).withIndexThreads(1));
        // Nearest to (1, 0, 0, 0) first: m1, g1, m2, g2, m3.
        index.upsert(List.of(entry("m1", "music", "en", 1, 0, 0, 0), entry("g1", "gaming", "en", 0.95f, 0.05f, 0, 0),
                entry("m2", "music", "pt", 0.9f, 0.1f, 0, 0), entry("g2", "gaming", "pt", 0.8f, 0.2f, 0, 0),
                entry("m3", "music", "en", 0.6f, 0.4f, 0, 0)));
        index.refresh();
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static FeedRequest home(FeedFilter filter) {
        return Fixtures.home(RequestContext.UNKNOWN).withFilter(filter);
    }

    @Test
    void annFillsItsQuotaWithVideosOfTheCategoryAndLanguage() {
        var source = new AnnSource(index, new UserEmbeddings(V1, null), 0);
        var user = Fixtures.userWithEmbedding(V1, 1, 0, 0, 0);
        assertEquals(List.of("m1", "m2", "m3"), ids(source.retrieve(home(new FeedFilter(Set.of(), "music", null, 0)), user, 3)));
        assertEquals(List.of("m1", "m3"), ids(source.retrieve(home(new FeedFilter(Set.of(), "music", "en", 0)), user, 3)));
        assertEquals(List.of("m1", "g1", "m2"), ids(source.retrieve(home(new FeedFilter(Set.of(), null, null, 60)), user, 3)),
                "the duration is not in the index: checked later, on the video features");
    }

    @Test
    void excludedVideosDoNotUseUpTheQuota() {
        var source = new AnnSource(index, new UserEmbeddings(V1, null), 50);
        var user = Fixtures.userWithEmbedding(V1, 1, 0, 0, 0);
        assertEquals(List.of("g2"), ids(source.retrieve(home(new FeedFilter(Set.of("g1"), "gaming", null, 0)), user, 2)));
        assertEquals(List.of("m2", "g2"), ids(source.retrieve(home(FeedFilter.excluding(Set.of("m1", "g1"))), user, 2)));
    }

    @Test
    void upNextFiltersTheSeedsNeighboursToo() {
        var seeds = (SeedVectors) id -> Optional.of(new float[]{1, 0, 0, 0});
        var source = new UpNextSource(index, seeds, new UserEmbeddings(V1, null), 1.0, 50);
        var request = FeedRequest.upNext("r", "u", "m1", 10, RequestContext.UNKNOWN)
                .withFilter(new FeedFilter(Set.of("m2"), "music", null, 0));
        assertEquals(List.of("m3"), ids(source.retrieve(request, Fixtures.userWithEmbedding(V1, 1, 0, 0, 0), 3)), "m1 is the seed, m2 excluded");
    }
}
