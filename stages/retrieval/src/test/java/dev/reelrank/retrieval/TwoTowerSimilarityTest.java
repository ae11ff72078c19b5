package dev.reelrank.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.RequestContext;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature's values, computed by hand. */
class TwoTowerSimilarityTest {
    /** Unit vectors of "tt-1": (0.6, 0.8) = cos 53.13° to the x axis. */
    private static final Map<String, float[]> VIDEOS = Map.of(
            "x", new float[]{1f, 0f},
            "y", new float[]{0f, 1f},
            "opposite", new float[]{-0.6f, -0.8f},
            "short", new float[]{1f});
    private final List<Collection<String>> lookups = new ArrayList<>();

    private Map<String, float[]> lookup(Collection<String> ids) {
        lookups.add(List.copyOf(ids));
        var out = new HashMap<String, float[]>();
        for (String id : ids) if (VIDEOS.containsKey(id)) out.put(id, VIDEOS.get(id));
        return out;
    }

    private static UserFeatures user(String version, float... embedding) {
        var b = UserFeatures.newBuilder().setUserId("u").setEmbeddingVersion(version);
        for (float f : embedding) b.addEmbedding(f);
        return b.build();
    }

    @Test
    void theDotProductOfTheUsersAndEachVideosVectorInOneLookup() {
        var sim = new TwoTowerSimilarity(new UserEmbeddings("tt-1", null), this::lookup);
        float[] s = sim.of(user("tt-1", 0.6f, 0.8f), RequestContext.UNKNOWN, List.of("x", "y", "opposite", "unknown", "short"));
        assertEquals(0.6f, s[0], 1e-6f);   // 0.6 x 1 + 0.8 x 0
        assertEquals(0.8f, s[1], 1e-6f);   // 0.6 x 0 + 0.8 x 1
        assertEquals(-1f, s[2], 1e-6f);    // -(0.36 + 0.64)
        assertTrue(Float.isNaN(s[3]), "a video the index does not hold: missing");
        assertTrue(Float.isNaN(s[4]), "a vector of another length (another version): missing, never a partial sum");
        assertEquals(1, lookups.size(), "one batch read per request");
        assertEquals("tt-1", sim.version());
    }

    @Test
    void aUserWithoutAVectorOfTheVersionHasNoSimilarityAtAll() {
        var sim = new TwoTowerSimilarity(new UserEmbeddings("tt-1", null), this::lookup);
        assertNull(sim.query(user("tt-0", 1f, 0f), RequestContext.UNKNOWN), "a stored vector of another version is never used");
        float[] s = sim.of(user("tt-0", 1f, 0f), RequestContext.UNKNOWN, List.of("x", "y"));
        assertTrue(Float.isNaN(s[0]) && Float.isNaN(s[1]));
        assertTrue(lookups.isEmpty(), "no index read without a user vector");
    }

    @Test
    void withoutAStoredVectorTheVersionsUserTowerIsAsked() {
        var tower = new UserTower() {
            @Override public String version() { return "tt-1"; }

            @Override public float[] embed(UserFeatures user, RequestContext context) {
                // A tower that reads the context: what ANN would query with for this request.
                return "BR".equals(context.region()) ? new float[]{0f, 1f} : new float[]{1f, 0f};
            }
        };
        var sim = new TwoTowerSimilarity(new UserEmbeddings("tt-1", tower), this::lookup);
        assertArrayEquals(new float[]{0f, 1f}, sim.of(UserFeatures.getDefaultInstance(), new RequestContext(null, "BR", null), List.of("x", "y")));
        assertArrayEquals(new float[]{1f, 0f}, sim.of(UserFeatures.getDefaultInstance(), null, List.of("x", "y")));
    }

    @Test
    void dotIsMissingUnlessBothVectorsExistWithOneLength() {
        assertEquals(11f, CandidateSimilarity.dot(new float[]{1, 2}, new float[]{3, 4}));
        assertTrue(Float.isNaN(CandidateSimilarity.dot(null, new float[]{1})));
        assertTrue(Float.isNaN(CandidateSimilarity.dot(new float[]{1}, null)));
        assertTrue(Float.isNaN(CandidateSimilarity.dot(new float[]{1}, new float[]{1, 2})));
    }
}
