package dev.reelrank.vectorindex.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reelrank.model.VectorIndex.Entry;
import dev.reelrank.model.VectorIndex.Filter;
import dev.reelrank.model.VectorIndex.Neighbor;
import dev.reelrank.model.VectorIndex.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real Qdrant: runs only when QDRANT_URL points at one (gRPC port, e.g.
 * {@code QDRANT_URL=http://127.0.0.1:6334}). None can run on the development machine.
 */
class QdrantVectorIndexIT {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private QdrantVectorIndex index;

    @BeforeEach
    void connect() {
        String url = System.getenv("QDRANT_URL");
        assumeTrue(url != null && !url.isBlank(),
                "QDRANT_URL is not set: skipping the Qdrant tests (set it to a Qdrant gRPC endpoint, e.g. http://127.0.0.1:6334)");
        var defaults = QdrantConfig.defaults(url, "it-" + UUID.randomUUID().toString().substring(0, 8), 3);
        index = new QdrantVectorIndex(new QdrantConfig(url, System.getenv("QDRANT_API_KEY"), defaults.collection(), 3,
                16, 100, 100, 2, Duration.ofSeconds(10)));
        index.ensureCollection();
        index.ensureCollection();
    }

    @AfterEach
    void drop() {
        if (index != null) {
            index.dropCollection();
            index.close();
        }
    }

    private static List<String> ids(List<Neighbor> ns) {
        return ns.stream().map(Neighbor::videoId).toList();
    }

    @Test
    void upsertSearchFilterDelete() {
        index.upsert(List.of(
                new Entry("east", new float[] {1, 0, 0}, new Payload("c1", "US", "en", "music", T0.plusSeconds(1))),
                new Entry("north", new float[] {0, 1, 0}, new Payload("c2", "FR", "fr", "news", T0.plusSeconds(1))),
                new Entry("up", new float[] {0, 0, 1}, new Payload("c3", "US", "en", "music", T0.minusSeconds(1)))));
        assertEquals(3, index.size());
        List<Neighbor> hits = index.search(new float[] {1, 0.1f, 0}, 3, Filter.NONE);
        assertEquals("east", hits.get(0).videoId());
        assertTrue(hits.get(0).score() > 0.99);
        assertEquals(List.of("north"), ids(index.search(new float[] {1, 0, 0}, 3, new Filter(Set.of("FR"), null, null, null))));
        assertEquals(Set.of("east", "north"), Set.copyOf(ids(index.search(new float[] {0, 0, 1}, 3, new Filter(null, null, null, T0)))));

        index.upsert(List.of(new Entry("east", new float[] {0, 1, 0}, new Payload("c1", "DE", "de", "music", T0))));
        assertEquals(3, index.size());
        assertEquals(List.of("east"), ids(index.search(new float[] {1, 0, 0}, 3, new Filter(Set.of("DE"), null, null, null))));

        var vectors = index.vectors(List.of("east", "up", "never"));
        assertEquals(Set.of("east", "up"), vectors.keySet());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0, 1, 0}, vectors.get("east"), 1e-6f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0, 0, 1}, vectors.get("up"), 1e-6f);

        index.delete(List.of("east", "north"));
        assertEquals(Set.of("up"), index.vectors(List.of("east", "north", "up")).keySet());
        assertEquals(1, index.size());
        assertEquals(List.of("up"), ids(index.search(new float[] {1, 0, 0}, 3, Filter.NONE)));
    }
}
