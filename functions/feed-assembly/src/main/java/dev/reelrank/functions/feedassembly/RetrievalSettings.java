package dev.reelrank.functions.feedassembly;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.TrendDecay;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code reelrank.retrieval.*}: model, vector index and retrieval-signal settings; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.retrieval")
public interface RetrievalSettings {
    Model model();

    /** The model version served: the index holds only its vectors. Unset = the loaded model's version. */
    Optional<String> servedVersion();

    /** Root of the embedded indexes; the served version's index lives in {@code <dir>/<version>}. */
    String indexDir();

    String kafkaBootstrapServers();

    /** How often live index updates become visible to searches. */
    @WithDefault("1s")
    Duration indexRefreshInterval();

    /** The HNSW search beam (ef): recall against latency. */
    @WithDefault("1000")
    int indexEfSearch();

    /**
     * Vectors buffered in memory before the index writes a segment. Part of this function's heap:
     * the library default (256 MB, made for bulk loads) equals the whole heap scripts/local gives it,
     * so filling a large version's index from the topic would run it out of memory.
     */
    @WithDefault("32")
    double indexRamBufferMb();

    /** An index of at most this many vectors is searched by an exact scan, not the graph; 0 = always the graph. */
    @WithDefault("50000")
    int indexExactScanMaxVectors();

    /** Wait before the index consumer retries after Kafka or the index failed. */
    @WithDefault("5s")
    Duration indexRetryDelay();

    Signals signals();

    Rollouts rollouts();

    /** Following {@code model-rollouts}: switching the served version without a restart. */
    interface Rollouts {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("model-rollouts")
        String topic();

        /** How long reading the rollouts topic to its end (its newest record: the version to serve) may take at start. */
        @WithDefault("30s")
        Duration topicCatchUpTimeout();

        /** How long a new version's index may take to read all its embeddings before the switch is given up. */
        @WithDefault("5m")
        Duration catchUpTimeout();

        /** A replaced version is closed once no request uses it, or after this long at most. */
        @WithDefault("30s")
        Duration retireGrace();
    }

    interface Model {
        @WithDefault("true")
        boolean enabled();

        /** A model version folder, or the root whose two-tower/LATEST names one. */
        String dir();

        String djlCacheDir();
    }

    /** Must match embedding-refresh's reelrank.retrieval.signals.* (the writer's buckets and list sizes). */
    interface Signals {
        @WithDefault("1h")
        Duration trendingBucket();

        @WithDefault("6h")
        Duration trendingWindow();

        @WithDefault("10000")
        int trendingBucketMaxSize();

        @WithDefault("100")
        int channelUploadsKept();

        @WithDefault("90d")
        Duration channelUploadsTtl();

        @WithDefault("1000")
        int freshKept();

        /** Must match the streaming features job's reelrank.streaming.trending-key-prefix (it writes these sets). */
        @WithDefault("trend-decay:")
        String trendDecayKeyPrefix();

        /** Must match the streaming features job's reelrank.streaming.half-life. */
        @WithDefault("1h")
        Duration trendDecayHalfLife();

        default RetrievalStoreConfig toConfig() {
            return new RetrievalStoreConfig(trendingBucket(), trendingWindow(), trendingBucketMaxSize(), channelUploadsKept(),
                    channelUploadsTtl(), freshKept(), RetrievalStoreConfig.defaults().maxInFlight(),
                    new TrendDecay(trendDecayKeyPrefix(), trendDecayHalfLife()));
        }
    }
}
