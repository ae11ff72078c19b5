package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.featurestore.FeatureStoreConfig;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code reelrank.feature-store.*}; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.feature-store")
public interface FeatureStoreSettings {
    Duration redisTimeout();

    Duration userTtl();

    Duration videoTtl();

    int localVideoCacheSize();

    int historyLimit();

    default FeatureStoreConfig toConfig() {
        return new FeatureStoreConfig(redisTimeout(), userTtl(), videoTtl(), localVideoCacheSize(), historyLimit());
    }
}
