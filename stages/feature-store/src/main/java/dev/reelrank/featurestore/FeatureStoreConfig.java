package dev.reelrank.featurestore;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the tiered feature store.
 *
 * @param redisTimeout        how long one Redis call may take before the read path treats Redis
 *                            as down and falls back (local cache, then Cassandra); it bounds the
 *                            feed's worst case when Redis hangs instead of refusing
 * @param userTtl             expiry of {@code u:{userId}} in Redis; the writer refreshes it on every
 *                            update, so only idle users expire
 * @param videoTtl            expiry of {@code v:{videoId}} in Redis and maximum age of an entry in the
 *                            local cache; it also bounds how stale a cached video's counters may be,
 *                            because counter updates do not touch the cache (see TieredFeatureWriter)
 * @param localVideoCacheSize entries in the in-process cache of hot video features used while Redis
 *                            is unavailable (0 disables it); 10k × ~300 B ≈ 3 MB
 * @param historyLimit        how many user_history rows
 *                            {@link dev.reelrank.featurestore.tiered.TieredFeatureStore#history} returns
 * @param streamStats         whether video reads also read the streaming features job's
 *                            {@code video_stream_stats} (its totals replace {@code video_counters},
 *                            its 5m/1h/24h rows fill the windows); on by default because a video the
 *                            job has not written costs only an empty partition read, and off for a
 *                            deployment whose schema lacks the table
 */
public record FeatureStoreConfig(Duration redisTimeout, Duration userTtl, Duration videoTtl,
                                 int localVideoCacheSize, int historyLimit, boolean streamStats) {

    public FeatureStoreConfig {
        Objects.requireNonNull(redisTimeout, "redisTimeout");
        Objects.requireNonNull(userTtl, "userTtl");
        Objects.requireNonNull(videoTtl, "videoTtl");
        if (redisTimeout.isNegative() || redisTimeout.isZero()) throw new IllegalArgumentException("redisTimeout must be > 0");
        if (userTtl.toMillis() <= 0) throw new IllegalArgumentException("userTtl must be >= 1 ms");
        if (videoTtl.toMillis() <= 0) throw new IllegalArgumentException("videoTtl must be >= 1 ms");
        if (localVideoCacheSize < 0) throw new IllegalArgumentException("localVideoCacheSize must be >= 0");
        if (historyLimit < 1) throw new IllegalArgumentException("historyLimit must be >= 1");
    }

    public static FeatureStoreConfig defaults() {
        return new FeatureStoreConfig(Duration.ofMillis(50), Duration.ofHours(1), Duration.ofHours(1), 10_000, 50, true);
    }
}
