package dev.reelrank.pipeline.evaluation.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.RequestContext;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.retrieval.TwoTowerSimilarity;
import dev.reelrank.retrieval.UserEmbeddings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueSimilarityTest {
    @TempDir
    Path tmp;

    /** Every video's vector is (1, 0); users carry a stored (0.5, 0.5) of "tt-1": every similarity is 0.5. */
    private static final CandidateSimilarity HALF = new TwoTowerSimilarity(new UserEmbeddings("tt-1", null), ids -> {
        var out = new HashMap<String, float[]>();
        for (String id : ids) out.put(id, new float[]{1f, 0f});
        return out;
    });

    private static UserFeatures user(String id) {
        return UserFeatures.newBuilder().setUserId(id).setEmbeddingVersion("tt-1").addEmbedding(0.5f).addEmbedding(0.5f).build();
    }

    @Test
    void aSeededShareOfPairsIsLeftOutTheSameWayEveryTime() {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 2_000; i++) ids.add("v" + i);
        var masked = CatalogueSimilarity.withMissingShare(HALF, 0.1, 42);
        int missing = 0, kept = 0;
        for (int u = 0; u < 10; u++) {
            float[] s = masked.of(user("u" + u), RequestContext.UNKNOWN, ids);
            assertArrayEquals(s, masked.of(user("u" + u), RequestContext.UNKNOWN, ids), "repeatable");
            for (float x : s) {
                if (Float.isNaN(x)) missing++;
                else {
                    assertEquals(0.5f, x);
                    kept++;
                }
            }
        }
        double share = missing / 20_000.0;
        assertTrue(share > 0.08 && share < 0.12, "about 10 % missing: " + share);
        assertEquals(20_000, missing + kept);
        assertEquals("tt-1", masked.version());
        assertSame(HALF, CatalogueSimilarity.withMissingShare(HALF, 0, 42), "share 0: the similarity itself");
    }

    @Test
    void theTwoTowerOfARankingModelIsFoundBesideItOrUnderTheFallbackRoot() throws Exception {
        Path root = tmp.resolve("models");
        java.nio.file.Files.createDirectories(root.resolve("two-tower/tt-a"));
        java.nio.file.Files.createDirectories(root.resolve("mmoe/m1"));
        Path other = tmp.resolve("elsewhere/mmoe/m2");
        java.nio.file.Files.createDirectories(other);
        assertEquals(root.resolve("two-tower/tt-a").toAbsolutePath().normalize(),
                CatalogueSimilarity.locate("tt-a", null, root.resolve("mmoe/m1"), null).orElseThrow().toAbsolutePath().normalize());
        assertEquals(root.resolve("two-tower/tt-a"), CatalogueSimilarity.locate("tt-a", null, other, root).orElseThrow());
        assertTrue(CatalogueSimilarity.locate("tt-b", null, other, root).isEmpty());
        assertEquals(Path.of("given"), CatalogueSimilarity.locate("tt-b", Path.of("given"), other, root).orElseThrow());
    }
}
