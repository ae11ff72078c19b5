package dev.reelrank.featurestore.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HotVideoCacheTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Ticker ticker = nanos::get;

    private static VideoFeatures video(String id) {
        return VideoFeatures.newBuilder().setVideoId(id).setTitle("t-" + id).build();
    }

    @Test
    void evictsTheLeastRecentlyReadEntry() {
        var cache = new HotVideoCache(2, HOUR);
        cache.putAll(List.of(video("a"), video("b")));
        cache.any("a");                         // a is now the most recently used
        cache.putAll(List.of(video("c")));      // evicts b
        assertEquals("t-a", cache.any("a").getTitle());
        assertNull(cache.any("b"));
        assertEquals("t-c", cache.any("c").getTitle());
        assertEquals(2, cache.size());
        assertEquals(1, cache.stats().evictionCount());
    }

    @Test
    void entriesOlderThanTheMaxAgeAreMisses() {
        var cache = new HotVideoCache(10, 0);
        cache.putAll(List.of(video("a")));
        assertNull(cache.any("a"));
        assertEquals(0, cache.size());
    }

    @Test
    void freshOnlyWithinTheWindowAnyUntilTheMaxAge() {
        var cache = new HotVideoCache(10, HOUR, 2 * SECOND, ticker);
        var a = video("a");
        cache.put("a", a, cache.now());
        nanos.addAndGet(2 * SECOND - 1);
        assertSame(a, cache.fresh("a", cache.now()));
        nanos.incrementAndGet();
        assertNull(cache.fresh("a", cache.now()), "exactly the window old is stale");
        assertSame(a, cache.any("a"), "still there for an outage");
        nanos.addAndGet(HOUR);
        assertNull(cache.any("a"));
    }

    @Test
    void aStaleEntryCountsAsAMiss() {
        var cache = new HotVideoCache(10, HOUR, SECOND, ticker);
        cache.put("a", video("a"), cache.now());
        cache.fresh("a", cache.now());
        cache.fresh("b", cache.now());
        nanos.addAndGet(SECOND);
        cache.fresh("a", cache.now());
        assertEquals(1, cache.stats().hitCount());
        assertEquals(2, cache.stats().missCount());
    }

    @Test
    void countsAHitOrAMissPerIdAsked() {
        var cache = new HotVideoCache(10, HOUR);
        cache.putAll(List.of(video("a")));
        cache.any("a");
        cache.any("b");
        assertEquals(1, cache.stats().hitCount());
        assertEquals(1, cache.stats().missCount());
        assertEquals(0.5, cache.stats().hitRate());
    }

    @Test
    void sizeZeroDisablesTheCacheAndTheWindow() {
        var cache = new HotVideoCache(0, HOUR, SECOND, ticker);
        cache.putAll(List.of(video("a")));
        assertNull(cache.any("a"));
        assertFalse(cache.servesFresh());
        assertEquals(0, cache.stats().requestCount());
    }
}
