package dev.reelrank.retrieval;

import static dev.reelrank.retrieval.Fixtures.V1;
import static dev.reelrank.retrieval.Fixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnSourceTest {
    @TempDir
    Path dir;
    EmbeddedHnswIndex index;

    @BeforeEach
    void open() {
        var vectors = new LinkedHashMap<String, float[]>();
        vectors.put("x1", new float[] {1, 0, 0, 0});
        vectors.put("x2", new float[] {0.9f, 0.1f, 0, 0});
        vectors.put("x3", new float[] {0.7f, 0.7f, 0, 0});
        vectors.put("y1", new float[] {0, 1, 0, 0});
        vectors.put("z1", new float[] {0, 0, 1, 0});
        index = Fixtures.index(dir, vectors);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void storedEmbeddingOfTheServedVersionFindsTheNearestVideosWithinQuota() {
        var source = new AnnSource(index, new UserEmbeddings(V1, null), 50);
        var got = source.retrieve(Fixtures.home(RequestContext.UNKNOWN), Fixtures.userWithEmbedding(V1, 1, 0, 0, 0), 3);
        assertEquals(java.util.List.of("x1", "x2", "x3"), ids(got));
        assertEquals(1.0, got.getFirst().score(), 1e-5);
        assertTrue(got.stream().allMatch(c -> c.sources().equals(Set.of("ann"))));
        assertEquals("ann", source.name());
    }

    /** Candidates carry the index payload's channel: the merge reads no features to learn it. */
    @Test
    void candidatesCarryTheChannelOfTheIndexPayload() {
        try (var withChannels = new dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex(dir.resolve("channels"),
                dev.reelrank.vectorindex.lucene.HnswConfig.DEFAULT.withRefreshInterval(java.time.Duration.ZERO).withIndexThreads(1))) {
            withChannels.upsert(java.util.List.of(
                    new dev.reelrank.model.VectorIndex.Entry("a", new float[] {1, 0, 0, 0},
                            new dev.reelrank.model.VectorIndex.Payload("ch-a", null, null, null, null)),
                    new dev.reelrank.model.VectorIndex.Entry("b", new float[] {0.9f, 0.1f, 0, 0},
                            new dev.reelrank.model.VectorIndex.Payload(null, null, null, null, null))));
            withChannels.refresh();
            var got = new AnnSource(withChannels, new UserEmbeddings(V1, null), 0)
                    .retrieve(Fixtures.home(RequestContext.UNKNOWN), Fixtures.userWithEmbedding(V1, 1, 0, 0, 0), 2);
            assertEquals(java.util.List.of("a", "b"), ids(got));
            assertEquals("ch-a", got.get(0).channelId());
            assertEquals(null, got.get(1).channelId(), "unknown in the index: left for the merge to read");
        }
    }

    @Test
    void watchedAndNotInterestedVideosDoNotUseUpTheQuota() {
        UserFeatures user = Fixtures.userWithEmbedding(V1, 1, 0, 0, 0).toBuilder()
                .addWatchedVideoIds("x1").addNotInterestedVideoIds("x2").build();
        var got = new AnnSource(index, new UserEmbeddings(V1, null), 50).retrieve(Fixtures.home(RequestContext.UNKNOWN), user, 2);
        assertEquals(java.util.List.of("x3", "y1"), ids(got));
    }

    @Test
    void neverMixesModelVersions() {
        UserFeatures stale = Fixtures.userWithEmbedding("tt-old", 0, 1, 0, 0);
        var request = Fixtures.home(RequestContext.UNKNOWN);
        // Stale stored vector, no model: nothing rather than a search with the wrong vector.
        assertEquals(0, new AnnSource(index, new UserEmbeddings(V1, null), 0).retrieve(request, stale, 5).size());
        // Stale stored vector, a model of another version: still nothing.
        assertEquals(0, new AnnSource(index, new UserEmbeddings(V1, Fixtures.tower("tt-other", 0, 0, 1, 0)), 0)
                .retrieve(request, stale, 5).size());
        // Stale stored vector, the served model: computed now.
        assertEquals(java.util.List.of("z1"), ids(new AnnSource(index, new UserEmbeddings(V1, Fixtures.tower(V1, 0, 0, 1, 0)), 0)
                .retrieve(request, stale, 1)));
        // No quota, no search.
        assertEquals(0, new AnnSource(index, new UserEmbeddings(V1, null), 0)
                .retrieve(request, Fixtures.userWithEmbedding(V1, 1, 0, 0, 0), 0).size());
    }

    @Test
    void anUnknownUserGetsTheTowersColdStartVector() {
        var got = new AnnSource(index, new UserEmbeddings(V1, Fixtures.tower(V1, 0, 1, 0, 0)), 0)
                .retrieve(Fixtures.home(new RequestContext("tv", "BR", null)), UserFeatures.getDefaultInstance(), 1);
        assertEquals(java.util.List.of("y1"), ids(got));
    }
}
