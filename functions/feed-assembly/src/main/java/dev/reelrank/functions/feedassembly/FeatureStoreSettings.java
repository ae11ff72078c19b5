package dev.reelrank.functions.feedassembly;

import dev.reelrank.featurestore.FeatureStoreConfig;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Overrides of the feature store's own defaults ({@link FeatureStoreConfig#defaults()}); an
 * unset property keeps the library's default, so the defaults live in one place.
 */
@ConfigMapping(prefix = "reelrank.feature-store")
public interface FeatureStoreSettings {
    Optional<Duration> redisTimeout();

    Optional<Duration> userTtl();

    Optional<Duration> videoTtl();

    OptionalInt localVideoCacheSize();

    OptionalInt historyLimit();

    default FeatureStoreConfig toConfig() {
        var d = FeatureStoreConfig.defaults();
        return new FeatureStoreConfig(redisTimeout().orElse(d.redisTimeout()), userTtl().orElse(d.userTtl()),
                videoTtl().orElse(d.videoTtl()), localVideoCacheSize().orElse(d.localVideoCacheSize()),
                historyLimit().orElse(d.historyLimit()));
    }
}
