package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the fold needs of a video (channel, category, duration) changes only when the video is
 * re-published, yet a batch of a popular stream touches hundreds of videos: this keeps those three
 * of each video ({@link #slim}), and the fact that a video is unknown, for {@code ttl} in a bounded LRU, so a
 * batch reads from the store only the videos it has not seen lately, and reads those through
 * {@link FeatureStore#videoMetadata} (one Cassandra read per video on a miss, not three). Counters
 * in the cached copy may be unset or stale; the fold does not read them. A re-publish handled by
 * this replica invalidates its entry at once; other replicas see the change within {@code ttl}.
 * {@link #videos} is not cached: it passes through, counters and all.
 */
final class VideoMetadataCache implements FeatureStore {
    private record Cached(VideoFeatures video, long expiresAtMillis) {}

    private final FeatureStore store;
    private final int capacity;
    private final long ttlMillis;
    private final Clock clock;
    private final LinkedHashMap<String, Cached> entries;

    /** @param capacity 0 = no caching (every read goes to the store) */
    VideoMetadataCache(FeatureStore store, int capacity, Duration ttl, Clock clock) {
        if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0");
        this.store = store;
        this.capacity = capacity;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > VideoMetadataCache.this.capacity;
            }
        };
    }

    @Override
    public Optional<UserFeatures> user(String userId) {
        return store.user(userId);
    }

    @Override
    public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
        return store.videos(videoIds);
    }

    @Override
    public Map<String, VideoFeatures> videoMetadata(Collection<String> videoIds) {
        if (capacity == 0) return store.videoMetadata(videoIds);
        long now = clock.millis();
        var found = new HashMap<String, VideoFeatures>();
        var missing = new java.util.ArrayList<String>();
        synchronized (entries) {
            for (String id : videoIds) {
                Cached e = entries.get(id);
                if (e != null && e.expiresAtMillis() > now) {
                    if (e.video() != null) found.put(id, e.video());
                } else {
                    missing.add(id);
                }
            }
        }
        if (missing.isEmpty()) return found;
        Map<String, VideoFeatures> read = store.videoMetadata(missing);
        found.putAll(read);
        synchronized (entries) {
            long expires = now + ttlMillis;
            for (String id : missing) {
                VideoFeatures v = read.get(id);
                entries.put(id, new Cached(v == null ? null : slim(id, v), expires)); // one id string for key and value
            }
        }
        return found;
    }

    /**
     * What the fold reads of a video and nothing else, its channel and category shared with every
     * other video's: at a catalogue of a million videos the cache must hold most of it (the fold's
     * rate went from ~4,000 to ~19,000 events/s on the generated world once it did), and whole
     * values with titles and tags would take several times the heap.
     */
    static VideoFeatures slim(String id, VideoFeatures v) {
        return VideoFeatures.newBuilder().setVideoId(id).setChannelId(v.getChannelId().intern())
                .setCategory(v.getCategory().intern()).setDurationSeconds(v.getDurationSeconds()).build();
    }

    void invalidate(String videoId) {
        synchronized (entries) {
            entries.remove(videoId);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

}
