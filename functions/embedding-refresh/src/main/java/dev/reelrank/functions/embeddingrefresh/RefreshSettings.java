package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.UserFeatureUpdater;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code reelrank.refresh.*}; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.refresh")
public interface RefreshSettings {
    int recentLimit();

    int watchedLimit();

    int suppressLimit();

    double affinityDecay();

    int affinityMaxKeys();

    int dedupWindow();

    int userParallelism();

    StoreRetry storeRetry();

    interface StoreRetry {
        int attempts();

        Duration initialBackoff();

        Duration maxBackoff();
    }

    default UserFeatureUpdater toUpdater(EngagementWeights weights) {
        return new UserFeatureUpdater(recentLimit(), watchedLimit(), suppressLimit(), affinityDecay(), affinityMaxKeys(), weights);
    }
}
