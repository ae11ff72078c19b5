package dev.reelrank.featurestore.tiered;

import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In-process LRU of recently read video features: the fallback while Redis is unavailable, so a
 * Redis outage does not turn every feed request into hundreds of Cassandra reads of the same hot
 * videos (the "hot shard" problem). Entries older than {@code maxAgeNanos} count as misses, which
 * bounds how stale a fallback answer can be. Thread-safe; one lock, held only for map operations.
 */
final class HotVideoCache {
    private record Cached(VideoFeatures features, long loadedAtNanos) {}

    private final int capacity;
    private final long maxAgeNanos;
    private final LinkedHashMap<String, Cached> map;

    HotVideoCache(int capacity, long maxAgeNanos) {
        this.capacity = capacity;
        this.maxAgeNanos = maxAgeNanos;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > HotVideoCache.this.capacity;
            }
        };
    }

    void putAll(Collection<VideoFeatures> videos) {
        if (capacity == 0 || videos.isEmpty()) return;
        long now = System.nanoTime();
        synchronized (map) {
            for (VideoFeatures v : videos) map.put(v.getVideoId(), new Cached(v, now));
        }
    }

    /** The fresh entries among {@code ids}; stale ones are dropped. */
    Map<String, VideoFeatures> getAll(Collection<String> ids) {
        var found = new HashMap<String, VideoFeatures>();
        if (capacity == 0) return found;
        long now = System.nanoTime();
        synchronized (map) {
            for (String id : ids) {
                Cached e = map.get(id);
                if (e == null) continue;
                if (now - e.loadedAtNanos > maxAgeNanos) map.remove(id);
                else found.put(id, e.features);
            }
        }
        return found;
    }

    int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
