package dev.reelrank.vectorindex.qdrant;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how to keep the vectors in Qdrant.
 *
 * @param url             gRPC endpoint, e.g. {@code http://127.0.0.1:6334} (https = TLS); env {@code QDRANT_URL}
 * @param apiKey          null when the server has no API key
 * @param collection      one collection per model version (vectors of two versions are not comparable)
 * @param dimension       vector size of the model version
 * @param m               HNSW links per node (Qdrant's default is 16; 32 matched the embedded
 *                        index's recall at top-500 in BENCHMARKS.md)
 * @param efConstruct     HNSW construction beam (Qdrant's default 100)
 * @param efSearch        search beam (hnsw_ef); the search asks for max(k, efSearch)
 * @param upsertBatchSize points per upsert request: large enough to amortize the round trip,
 *                        small enough to stay far below gRPC's 4 MB message limit (1 KB/point at 64 dims)
 * @param timeout         deadline of every call
 */
public record QdrantConfig(String url, String apiKey, String collection, int dimension, int m, int efConstruct,
                           int efSearch, int upsertBatchSize, Duration timeout) {

    public QdrantConfig {
        if (collection == null || collection.isBlank()) throw new IllegalArgumentException("collection is required");
        if (dimension <= 0) throw new IllegalArgumentException("dimension must be > 0");
        if (upsertBatchSize <= 0) throw new IllegalArgumentException("upsertBatchSize must be > 0");
        endpoint(url);
    }

    /** Defaults for a model version: {@code reelrank-videos-<modelVersion>}. */
    public static QdrantConfig defaults(String url, String modelVersion, int dimension) {
        return new QdrantConfig(url, null, "reelrank-videos-" + modelVersion, dimension, 32, 100, 1000, 256, Duration.ofSeconds(10));
    }

    record Endpoint(String host, int port, boolean tls) {}

    static Endpoint endpoint(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("Qdrant url is required, e.g. http://127.0.0.1:6334");
        URI u = URI.create(url.contains("://") ? url : "http://" + url);
        if (u.getHost() == null) throw new IllegalArgumentException("Qdrant url has no host: " + url);
        boolean tls = "https".equalsIgnoreCase(u.getScheme());
        return new Endpoint(u.getHost(), u.getPort() > 0 ? u.getPort() : 6334, tls);
    }
}
