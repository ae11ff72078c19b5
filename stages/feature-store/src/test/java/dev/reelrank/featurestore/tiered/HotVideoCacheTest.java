package dev.reelrank.featurestore.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.proto.v1.VideoFeatures;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HotVideoCacheTest {
    private static VideoFeatures video(String id) {
        return VideoFeatures.newBuilder().setVideoId(id).setTitle("t-" + id).build();
    }

    @Test
    void evictsTheLeastRecentlyReadEntry() {
        var cache = new HotVideoCache(2, TimeUnit.HOURS.toNanos(1));
        cache.putAll(List.of(video("a"), video("b")));
        cache.getAll(List.of("a"));             // a is now the most recently used
        cache.putAll(List.of(video("c")));      // evicts b
        assertEquals(Set.of("a", "c"), cache.getAll(List.of("a", "b", "c")).keySet());
        assertEquals(2, cache.size());
    }

    @Test
    void entriesOlderThanTheMaxAgeAreMisses() {
        var cache = new HotVideoCache(10, 0);
        cache.putAll(List.of(video("a")));
        assertEquals(Set.of(), cache.getAll(List.of("a")).keySet());
        assertEquals(0, cache.size());
    }

    @Test
    void countsAHitOrAMissPerIdAsked() {
        var cache = new HotVideoCache(10, TimeUnit.HOURS.toNanos(1));
        cache.putAll(List.of(video("a")));
        cache.getAll(List.of("a", "b"));
        assertEquals(1, cache.stats().hitCount());
        assertEquals(1, cache.stats().missCount());
        assertEquals(0.5, cache.stats().hitRate());
    }

    @Test
    void sizeZeroDisablesTheCache() {
        var cache = new HotVideoCache(0, TimeUnit.HOURS.toNanos(1));
        cache.putAll(List.of(video("a")));
        assertEquals(Set.of(), cache.getAll(List.of("a")).keySet());
    }
}
