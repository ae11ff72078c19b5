package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code reelrank.retrieval-signals.*}: trending buckets and upload lists; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.retrieval-signals")
public interface SignalSettings {
    Duration trendingBucket();

    Duration trendingWindow();

    int trendingBucketMaxSize();

    int channelUploadsKept();

    Duration channelUploadsTtl();

    int freshKept();

    default RetrievalStoreConfig toConfig() {
        return new RetrievalStoreConfig(trendingBucket(), trendingWindow(), trendingBucketMaxSize(), channelUploadsKept(),
                channelUploadsTtl(), freshKept(), RetrievalStoreConfig.defaults().maxInFlight());
    }
}
