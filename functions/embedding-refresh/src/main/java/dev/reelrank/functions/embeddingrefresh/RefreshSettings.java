package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.ImpressionFatigue;
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

    /** Impression fatigue: the gap that ends a run of impressions (feed-assembly's fatigue-window too). */
    Duration fatigueWindow();

    /** Impression fatigue: tallies kept per user. */
    int fatigueLimit();

    int dedupWindow();

    int userParallelism();

    /** Poll batches folded and handed to the store whose writes are not all done yet. */
    int batchesInFlight();

    int maxIdBytes();

    int videoCacheSize();

    Duration videoCacheTtl();

    double maxReplayFactor();

    double maxWatchSeconds();

    boolean videoStats();

    /** At shutdown, how long the batches in flight may take to be stored before they are left to be redelivered. */
    Duration shutdownDrain();

    default FeatureRefresher.FoldLimits toLimits() {
        return new FeatureRefresher.FoldLimits(dedupWindow(), maxIdBytes(), maxReplayFactor(), maxWatchSeconds(), userParallelism(), videoStats(),
                batchesInFlight());
    }

    StoreRetry storeRetry();

    DeadLetter deadLetter();

    VideoEmbeddings videoEmbeddings();

    Http http();

    interface Http {
        int maxBatch();

        java.time.Duration batchWindow();

        java.time.Duration timeout();

        java.time.Duration retryAfter();
    }

    interface VideoEmbeddings {
        boolean enabled();

        String topic();

        Duration ackTimeout();
    }

    Duration statsInterval();

    interface DeadLetter {
        String topic();

        Duration retryDelay();
    }

    interface StoreRetry {
        int attempts();

        Duration initialBackoff();

        Duration maxBackoff();
    }

    default UserFeatureUpdater toUpdater(EngagementWeights weights) {
        // The threshold is the feed's to judge; the fold only keeps the runs.
        var fatigue = new ImpressionFatigue(ImpressionFatigue.DEFAULTS.impressions(), fatigueWindow(), fatigueLimit());
        return new UserFeatureUpdater(recentLimit(), watchedLimit(), suppressLimit(), affinityDecay(), affinityMaxKeys(), weights, fatigue);
    }
}
