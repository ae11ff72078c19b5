package dev.reelrank.featurestore.tiered;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * In-process cache of recently read video features: the fallback while Redis is unavailable, so a
 * Redis outage does not turn every feed request into hundreds of Cassandra reads of the same hot
 * videos (the "hot shard" problem). A Caffeine cache bounded to {@code capacity} entries (W-TinyLFU:
 * a video read often survives a burst of one-off reads) whose entries expire {@code maxAgeNanos}
 * after they were written and are never returned after that, which bounds how stale a fallback
 * answer can be. Its maintenance (eviction, removal of expired entries) runs on the calling
 * threads rather than a pool: a few map operations, and a lone caller sees the size bound applied
 * when its call returns. Thread-safe.
 */
final class HotVideoCache {
    /** Null when disabled (capacity 0). */
    private final Cache<String, VideoFeatures> cache;

    HotVideoCache(int capacity, long maxAgeNanos) {
        this.cache = capacity == 0 ? null : Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(maxAgeNanos, TimeUnit.NANOSECONDS)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    void putAll(Collection<VideoFeatures> videos) {
        if (cache == null) return;
        for (VideoFeatures v : videos) cache.put(v.getVideoId(), v);
    }

    /** The fresh entries among {@code ids}; stale ones are misses. */
    Map<String, VideoFeatures> getAll(Collection<String> ids) {
        return cache == null ? Map.of() : cache.getAllPresent(ids);
    }

    int size() {
        return cache == null ? 0 : (int) cache.estimatedSize();
    }

    /** Hits and misses of {@link #getAll} (one per id asked), evictions; all zero while disabled. */
    CacheStats stats() {
        return cache == null ? CacheStats.empty() : cache.stats();
    }
}
