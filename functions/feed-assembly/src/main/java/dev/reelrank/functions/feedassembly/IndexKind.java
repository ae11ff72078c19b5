package dev.reelrank.functions.feedassembly;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which vector index serves retrieval: {@code reelrank.vector-index.kind}. */
enum IndexKind {
    /** Lucene HNSW on this replica's disk, each replica a full copy filled from the topic itself. */
    EMBEDDED,
    /** One Qdrant collection per model version, shared by every replica. */
    QDRANT;

    static final String PROPERTY = "reelrank.vector-index.kind";

    /**
     * Parsed here rather than by the config converter so that a typo stops start-up with a message
     * naming the property, its env variable and the accepted values.
     */
    static IndexKind parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (IndexKind k : values()) if (k.name().toLowerCase(Locale.ROOT).equals(v)) return k;
        throw new IllegalArgumentException(PROPERTY + " (env REELRANK_VECTOR_INDEX_KIND) is '" + value + "': use one of "
                + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
