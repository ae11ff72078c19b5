package dev.reelrank.retrieval;

import static dev.reelrank.retrieval.Fixtures.V1;
import static dev.reelrank.retrieval.Fixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpNextSourceTest {
    @TempDir
    Path dir;
    EmbeddedHnswIndex index;
    final Map<String, float[]> vectors = new LinkedHashMap<>();

    @BeforeEach
    void open() {
        vectors.put("seed", new float[] {1, 0, 0});
        vectors.put("near-seed", new float[] {0.95f, 0.05f, 0});
        vectors.put("between", new float[] {0.6f, 0.6f, 0});
        vectors.put("near-user", new float[] {0.05f, 0.95f, 0});
        vectors.put("far", new float[] {0, 0, 1});
        index = Fixtures.index(dir, vectors);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private SeedVectors fromMap() {
        return id -> Optional.ofNullable(vectors.get(id));
    }

    private static FeedRequest upNext() {
        return FeedRequest.upNext("r", "u1", "seed", 10, RequestContext.UNKNOWN);
    }

    @Test
    void itemToItemExcludesTheSeedAndRespectsTheQuota() {
        var source = new UpNextSource(index, fromMap(), new UserEmbeddings(V1, null), 0.7, 10);
        var got = source.retrieve(upNext(), UserFeatures.getDefaultInstance(), 2);
        assertEquals(List.of("near-seed", "between"), ids(got));
        assertEquals("up_next", got.getFirst().primarySource());
    }

    @Test
    void theUsersEmbeddingPullsTheListTowardTheirTaste() {
        UserFeatures user = Fixtures.userWithEmbedding(V1, 0, 1, 0);
        assertEquals(List.of("near-seed"), ids(new UpNextSource(index, fromMap(), new UserEmbeddings(V1, null), 1.0, 0)
                .retrieve(upNext(), user, 1)));
        assertEquals(List.of("between"), ids(new UpNextSource(index, fromMap(), new UserEmbeddings(V1, null), 0.5, 0)
                .retrieve(upNext(), user, 1)));
        assertEquals(List.of("near-user"), ids(new UpNextSource(index, fromMap(), new UserEmbeddings(V1, null), 0.0, 0)
                .retrieve(upNext(), user, 1)));
        // A user vector of another version is ignored: pure item-to-item.
        assertEquals(List.of("near-seed"), ids(new UpNextSource(index, fromMap(), new UserEmbeddings(V1, null), 0.0, 0)
                .retrieve(upNext(), Fixtures.userWithEmbedding("tt-old", 0, 1, 0), 1)));
    }

    @Test
    void homeRequestsAndUnknownSeedsGetNothing() {
        var source = new UpNextSource(index, fromMap(), new UserEmbeddings(V1, null), 0.7, 0);
        assertEquals(0, source.retrieve(Fixtures.home(RequestContext.UNKNOWN), UserFeatures.getDefaultInstance(), 5).size());
        assertEquals(0, source.retrieve(FeedRequest.upNext("r", "u1", "unknown", 5, null), UserFeatures.getDefaultInstance(), 5).size());
        assertThrows(IllegalArgumentException.class, () -> new UpNextSource(index, fromMap(), new UserEmbeddings(V1, null), 1.5, 0));
    }

    @Test
    void modelSeedVectorsUseTheVideoTowerOfTheServedVersionOnly() {
        VideoFeatures seed = VideoFeatures.newBuilder().setVideoId("fresh-upload").setCategory("music").build();
        VideoTower tower = new VideoTower() {
            @Override
            public String version() {
                return V1;
            }

            @Override
            public float[][] embed(List<VideoFeatures> videos) {
                return videos.stream().map(v -> new float[] {0, 0, 1}).toArray(float[][]::new);
            }
        };
        var features = Fixtures.videos(seed);
        var seeds = SeedVectors.firstOf(List.of(fromMap(), new ModelSeedVectors(features, tower, V1)));
        var got = new UpNextSource(index, seeds, new UserEmbeddings(V1, null), 1.0, 0)
                .retrieve(FeedRequest.upNext("r", "u1", "fresh-upload", 5, null), UserFeatures.getDefaultInstance(), 1);
        assertEquals(List.of("far"), ids(got), "a video no index holds yet still has neighbours");
        assertEquals(Optional.empty(), new ModelSeedVectors(features, tower, "tt-other").of("fresh-upload"));
        assertEquals(Optional.empty(), new ModelSeedVectors(features, tower, V1).of("unknown"));
    }

    @Test
    void blendIsUnitLength() {
        float[] b = UpNextSource.blend(new float[] {1, 0}, new float[] {0, 1}, 0.5);
        assertEquals(1.0, Math.hypot(b[0], b[1]), 1e-6);
        assertEquals(b[0], b[1], 1e-6);
        assertEquals(1.0f, UpNextSource.blend(new float[] {1, 0}, new float[] {-1, 0}, 0.5)[0], "opposites fall back to the seed");
    }
}
