package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code reelrank.retrieval.signals.*}: trending buckets and upload lists; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.retrieval.signals")
public interface SignalSettings {
    Duration trendingBucket();

    Duration trendingWindow();

    int trendingBucketMaxSize();

    int channelUploadsKept();

    Duration channelUploadsTtl();

    int freshKept();

    /** The decayed trending sets are the streaming job's and only feed-assembly reads them: the writer keeps the defaults. */
    default RetrievalStoreConfig toConfig() {
        var d = RetrievalStoreConfig.defaults();
        return new RetrievalStoreConfig(trendingBucket(), trendingWindow(), trendingBucketMaxSize(), channelUploadsKept(),
                channelUploadsTtl(), freshKept(), d.maxInFlight(), d.trendDecay());
    }
}
