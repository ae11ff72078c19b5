package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VideoMetadataCacheTest {
    private final List<Collection<String>> reads = new ArrayList<>();
    private final Map<String, VideoFeatures> stored = new HashMap<>();
    /** Full reads (counters and all): the cache never makes one for the fold. */
    private final List<Collection<String>> fullReads = new ArrayList<>();
    private final FeatureStore store = new FeatureStore() {
        @Override public Optional<UserFeatures> user(String userId) {
            return Optional.empty();
        }

        @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
            fullReads.add(List.copyOf(ids));
            return Map.of();
        }

        @Override public Map<String, VideoFeatures> videoMetadata(Collection<String> ids) {
            reads.add(List.copyOf(ids));
            var out = new HashMap<String, VideoFeatures>();
            for (String id : ids) if (stored.containsKey(id)) out.put(id, stored.get(id));
            return out;
        }
    };
    private Instant now = Instant.parse("2026-12-06T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override public Instant instant() {
            return now;
        }
    };

    /** A cached video keeps what the fold reads (channel, category, duration), not its title, tags or counters. */
    @Test
    void aCachedVideoKeepsWhatTheFoldReadsAndNothingElse() {
        stored.put("v1", VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1").setCategory("music").setDurationSeconds(240)
                .setTitle("a long title").addTags("t").setLanguage("en").setImpressions(9).build());
        var cache = new VideoMetadataCache(store, 10, Duration.ofSeconds(60), clock);
        assertEquals("a long title", cache.videoMetadata(List.of("v1")).get("v1").getTitle(), "a miss answers what the store read");
        assertEquals(VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1").setCategory("music").setDurationSeconds(240).build(),
                cache.videoMetadata(List.of("v1")).get("v1"));
        assertEquals(1, reads.size());
    }

    @Test
    void knownAndUnknownVideosAreReadOnceWithinTheTtl() {
        stored.put("v1", VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1").build());
        var cache = new VideoMetadataCache(store, 10, Duration.ofSeconds(60), clock);
        assertEquals(1, cache.videoMetadata(List.of("v1", "v2")).size());
        assertEquals(1, cache.videoMetadata(List.of("v1", "v2")).size());
        assertEquals(List.of(List.of("v1", "v2")), reads, "the second batch read nothing, the unknown v2 included");

        stored.put("v2", VideoFeatures.newBuilder().setVideoId("v2").build());
        cache.invalidate("v2"); // a re-publish this replica consumed
        assertEquals(2, cache.videoMetadata(List.of("v1", "v2")).size());
        assertEquals(List.of("v2"), reads.get(1));

        now = now.plusSeconds(61);
        cache.videoMetadata(List.of("v1"));
        assertEquals(List.of("v1"), reads.get(2), "expired");
        assertEquals(List.of(), fullReads, "misses are read as metadata only");
    }

    @Test
    void fullReadsPassThroughUncached() {
        var cache = new VideoMetadataCache(store, 10, Duration.ofSeconds(60), clock);
        cache.videos(List.of("v1"));
        cache.videos(List.of("v1"));
        assertEquals(List.of(List.of("v1"), List.of("v1")), fullReads);
        assertEquals(0, cache.size());
    }

    @Test
    void theLeastRecentlyUsedVideoLeavesFirst() {
        var cache = new VideoMetadataCache(store, 2, Duration.ofSeconds(60), clock);
        cache.videoMetadata(List.of("a", "b"));
        cache.videoMetadata(List.of("a"));
        cache.videoMetadata(List.of("c"));
        assertEquals(2, cache.size());
        cache.videoMetadata(List.of("a", "b"));
        assertEquals(List.of("b"), reads.get(reads.size() - 1), "b was evicted, a was kept");
    }
}
