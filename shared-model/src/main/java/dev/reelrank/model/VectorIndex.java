package dev.reelrank.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Approximate nearest-neighbour search over video embeddings (inner product on normalized
 * vectors). Adapters: Qdrant in production, an embedded HNSW index locally.
 */
public interface VectorIndex extends AutoCloseable {
    void upsert(List<Entry> entries);

    void delete(List<String> videoIds);

    List<Neighbor> search(float[] query, int k, Filter filter);

    /**
     * The stored (unit-length) vectors of those of {@code videoIds} the index holds; an id it does
     * not hold is absent from the map. The default knows none, so a caller must treat a missing
     * vector as "no information" (diversity by embedding is then simply off for that video).
     */
    default Map<String, float[]> vectors(Collection<String> videoIds) {
        return Map.of();
    }

    /** Number of live vectors. */
    long size();

    /**
     * The vector size this index holds, when it knows it (an index that already holds vectors);
     * empty otherwise. A writer feeding the index checks incoming vectors against it.
     */
    default OptionalInt dimension() {
        return OptionalInt.empty();
    }

    @Override
    default void close() {}

    /** What the filters can test, stored beside each vector. */
    record Payload(String channelId, String region, String language, String category, Instant publishedAt) {}

    record Entry(String videoId, float[] vector, Payload payload) {}

    /**
     * A hit. {@code channelId}: the channel of the video's payload, or null when the index does not
     * return it. Carried so a caller need not read the video's features only to learn its channel:
     * at millions of videos most ANN hits are cold in every cache, and that read cost a store
     * round trip per hit.
     */
    record Neighbor(String videoId, float score, String channelId) {
        public Neighbor(String videoId, float score) {
            this(videoId, score, null);
        }
    }

    /** Every non-null/non-empty field must match; null means "any". */
    record Filter(Set<String> regions, Set<String> languages, Set<String> categories, Instant publishedAfter) {
        public static final Filter NONE = new Filter(null, null, null, null);
    }
}
