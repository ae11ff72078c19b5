package dev.reelrank.functions.feedassembly;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code reelrank.vector-index.*}: which index serves retrieval, and Qdrant's connection and
 * collection settings; documented in application.properties. The embedded index's own settings
 * stay under {@code reelrank.retrieval.index-*}; the search beam {@code reelrank.retrieval.index-ef-search}
 * applies to both kinds.
 */
@ConfigMapping(prefix = "reelrank.vector-index")
public interface VectorIndexSettings {
    /** {@code embedded} or {@code qdrant}; text, so {@link IndexKind#parse} can name a wrong value. */
    @WithDefault("embedded")
    String kind();

    Qdrant qdrant();

    interface Qdrant {
        /** gRPC endpoint; {@code https://} turns TLS on (the scheme is the one TLS switch). */
        @WithDefault("http://127.0.0.1:6334")
        String url();

        /** Unset when the server has no API key. */
        Optional<String> apiKey();

        /** Collection of a model version = prefix + version: a new version is a new collection. */
        @WithDefault("reelrank-videos-")
        String collectionPrefix();

        /** Kafka consumer group of a collection's writers = prefix + collection name. */
        @WithDefault("reelrank-vector-index-")
        String consumerGroupPrefix();

        /** Vector size of a collection created while no model is loaded; a loaded model's own size wins. */
        @WithDefault("64")
        int dimension();

        /** HNSW links per node of a new collection (32 matched the embedded index's recall at top-500). */
        @WithDefault("32")
        int m();

        /** HNSW construction beam of a new collection. */
        @WithDefault("100")
        int efConstruct();

        /** Points per upsert request (about 1 KB each at 64 dims, far below gRPC's 4 MB message limit). */
        @WithDefault("256")
        int upsertBatchSize();

        /** Deadline of every Qdrant call, searches included. */
        @WithDefault("2s")
        Duration timeout();
    }
}
