package dev.reelrank.featurestore.tiered;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * In-process cache of recently read video features. It serves twice: for {@code freshForNanos}
 * after a video was read from Redis or Cassandra it answers instead of Redis (ranking reads the
 * same hot candidates call after call, and decoding them from every MGET was a top cost of a Rank
 * call), and while Redis is unavailable it answers with whatever it holds, so an outage does not
 * turn every feed request into hundreds of Cassandra reads of the same hot videos (the "hot shard"
 * problem).
 *
 * <p>A Caffeine cache bounded to {@code capacity} entries (W-TinyLFU: a video read often survives a
 * burst of one-off reads) whose entries expire {@code maxAgeNanos} after they were written and are
 * never returned after that, which bounds how stale a fallback answer can be. Each entry carries
 * the time it was loaded, so the freshness check is one lookup and a subtraction rather than a
 * second lookup through Caffeine's expiration policy. Its maintenance (eviction, removal of expired
 * entries) runs on the calling threads rather than a pool: a few map operations, and a lone caller
 * sees the size bound applied when its call returns. Thread-safe.
 */
final class HotVideoCache {
    /**
     * Cached for an id neither Redis nor Cassandra knew (compared by identity): candidates can name
     * videos the store has never seen (trending counts can reach a video before its video.published
     * is stored), and without it each such id cost three Cassandra reads on every feed and every Rank
     * call. {@link #fresh} returns it like any entry, so an unknown id is asked again only once
     * the fresh window has passed.
     */
    static final VideoFeatures ABSENT = VideoFeatures.newBuilder().setVideoId("\0absent").build();

    /** The loaded time is the ticker's, the same clock Caffeine expires entries by. */
    private record Entry(VideoFeatures video, long loadedNanos) {}

    /** Null when disabled (capacity 0). */
    private final Cache<String, Entry> cache;
    private final Ticker ticker;
    private final long freshForNanos;
    /**
     * Counted here rather than by Caffeine: Caffeine would count a present but no longer fresh
     * entry as a hit, while for the caller it is a miss (it goes on to Redis).
     */
    private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();

    HotVideoCache(int capacity, long maxAgeNanos) {
        this(capacity, maxAgeNanos, 0, Ticker.systemTicker());
    }

    /** @param freshForNanos how long after loading an entry {@link #fresh} returns it; 0 never */
    HotVideoCache(int capacity, long maxAgeNanos, long freshForNanos, Ticker ticker) {
        this.ticker = ticker;
        this.freshForNanos = capacity == 0 ? 0 : Math.max(0, freshForNanos);
        this.cache = capacity == 0 ? null : Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(maxAgeNanos, TimeUnit.NANOSECONDS)
                .ticker(ticker)
                .executor(Runnable::run)
                .evictionListener((String id, Entry e, RemovalCause cause) -> stats.recordEviction(1, cause))
                .build();
    }

    /** Whether {@link #fresh} can ever answer: callers skip the lookups when not. */
    boolean servesFresh() {
        return freshForNanos > 0;
    }

    /** The time to pass to {@link #fresh} and {@link #put}: read once per batch, not per id. */
    long now() {
        return ticker.read();
    }

    /** Stamped with the current time; for values just read from Redis or Cassandra. */
    void putAll(Collection<VideoFeatures> videos) {
        if (cache == null) return;
        long now = now();
        for (VideoFeatures v : videos) cache.put(v.getVideoId(), new Entry(v, now));
    }

    void put(String id, VideoFeatures video, long loadedNanos) {
        if (cache != null) cache.put(id, new Entry(video, loadedNanos));
    }

    /**
     * The entry if it was loaded less than the fresh window before {@code nowNanos}, else null (a
     * miss); {@link #ABSENT} for an id the tiers did not know within that window.
     */
    VideoFeatures fresh(String id, long nowNanos) {
        Entry e = freshForNanos == 0 ? null : cache.getIfPresent(id);
        if (e != null && nowNanos - e.loadedNanos < freshForNanos) {
            stats.recordHits(1);
            return e.video;
        }
        stats.recordMisses(1);
        return null;
    }

    /** An id the tiers did not know, remembered for the fresh window only (see {@link #ABSENT}). */
    void putAbsent(String id, long loadedNanos) {
        if (freshForNanos > 0) cache.put(id, new Entry(ABSENT, loadedNanos));
    }

    /**
     * Any entry younger than the maximum age, else null (a miss): the answer while Redis is down.
     * An {@link #ABSENT} entry is a miss here (Cassandra is still asked): it says only that the id
     * was unknown a moment ago, not what to serve.
     */
    VideoFeatures any(String id) {
        Entry e = cache == null ? null : cache.getIfPresent(id);
        if (e == null || e.video == ABSENT) {
            stats.recordMisses(1);
            return null;
        }
        stats.recordHits(1);
        return e.video;
    }

    int size() {
        return cache == null ? 0 : (int) cache.estimatedSize();
    }

    /**
     * Hits and misses of {@link #fresh} and {@link #any} (one per id asked), evictions (size and
     * expiry); all zero while disabled.
     */
    CacheStats stats() {
        return cache == null ? CacheStats.empty() : stats.snapshot();
    }
}
