package dev.reelrank.streamingfeatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.VideoStatsDelta;
import org.junit.jupiter.api.Test;

class MinuteBucketsTest {
    static final VideoStatsDelta IMPRESSION = new VideoStatsDelta(1, 0, 0, 0, 0, 0, 0, 0, 0);
    static final VideoStatsDelta CLICK = new VideoStatsDelta(0, 0, 1, 0, 0, 0, 0, 0, 0);
    static final VideoStatsDelta WATCH_10 = new VideoStatsDelta(0, 1, 0, 10, 0, 0, 0, 0, 0);
    static final VideoStatsDelta NOT_INTERESTED = new VideoStatsDelta(0, 0, 0, 0, 0, 0, 0, 0, 1);

    @Test
    void windowsAreSuffixSumsOfMinuteBuckets() {
        var b = new MinuteBuckets();
        b.add(100, IMPRESSION);
        b.add(100, CLICK);
        b.add(103, IMPRESSION);
        b.add(104, WATCH_10);
        b.add(104, NOT_INTERESTED);
        // As of minute 104, a 5-minute window holds minutes 100..104, a 2-minute one 103..104.
        assertEquals(new VideoStatsDelta(2, 1, 1, 10, 0, 0, 0, 0, 1), b.window(104, 5));
        assertEquals(new VideoStatsDelta(1, 1, 0, 10, 0, 0, 0, 0, 1), b.window(104, 2));
        // One minute later minute 100 has left the 5-minute window.
        assertEquals(new VideoStatsDelta(1, 1, 0, 10, 0, 0, 0, 0, 1), b.window(105, 5));
        assertEquals(VideoStatsDelta.NONE, b.window(200, 5));
    }

    @Test
    void lateEventsLandInTheirOwnMinuteAndOrderIsKept() {
        var b = new MinuteBuckets();
        for (long m : new long[] {50, 10, 30, 10, 70, 20, 60, 40, 30}) b.add(m, IMPRESSION);
        assertEquals(7, b.size);
        for (int i = 1; i < b.size; i++) assertTrue(b.minutes[i - 1] < b.minutes[i]);
        assertEquals(9, b.sumSince(0).impressions());
        assertEquals(2, b.sumSince(30).impressions() - b.sumSince(31).impressions());
        assertEquals(2, b.sumSince(55).impressions());
    }

    @Test
    void pruneDropsOldBucketsAndKeepsTheRest() {
        var b = new MinuteBuckets();
        for (long m = 0; m < 10; m++) b.add(m, WATCH_10);
        b.prune(7);
        assertEquals(3, b.size);
        assertEquals(new VideoStatsDelta(0, 3, 0, 30, 0, 0, 0, 0, 0), b.sumSince(Long.MIN_VALUE));
        b.add(8, WATCH_10);
        b.add(5, WATCH_10);   // older than the kept ones: goes first again
        assertEquals(5, b.minutes[0]);
        assertEquals(5, b.sumSince(0).views());
        b.prune(100);
        assertTrue(b.isEmpty());
        assertEquals(VideoStatsDelta.NONE, b.sumSince(0));
    }

    @Test
    void nextExpiryIsWhenTheOldestBucketOfSomeWindowLeavesIt() {
        var b = new MinuteBuckets();
        assertEquals(Long.MAX_VALUE, b.nextExpiry(0, 5, 60));
        b.add(100, CLICK);
        b.add(102, CLICK);
        // As of 102: minute 100 leaves the 5-minute window at 105.
        assertEquals(105, b.nextExpiry(102, 5, 60));
        // As of 105: 100 is out of the 5-min window, 102 leaves it at 107.
        assertEquals(107, b.nextExpiry(105, 5, 60));
        // As of 110: nothing left in the 5-min window; 100 leaves the 60-min one at 160.
        assertEquals(160, b.nextExpiry(110, 5, 60));
        assertEquals(Long.MAX_VALUE, b.nextExpiry(170, 5, 60));
    }

    @Test
    void videoStateCountsTotalsAlwaysAndWindowsOnlyWhileTheyHoldTheEvent() {
        var s = new VideoState();
        long t = 1_000 * 60_000L;
        s.add(IMPRESSION, t, Long.MIN_VALUE);
        s.add(CLICK, t + 30_000, Long.MIN_VALUE);
        s.add(IMPRESSION, t - 25 * 3_600_000L, t);   // older than 24 h: totals only
        VideoStreamStats v = s.snapshot("v", s.asOf(Long.MIN_VALUE));
        assertEquals(2, v.total().impressions());
        assertEquals(1, v.last5m().impressions());
        assertEquals(1, v.last24h().impressions());
        assertEquals(1.0, VideoStreamStats.ctr(v.last5m()));
        assertEquals(0.5, VideoStreamStats.ctr(v.total()));
        assertEquals(null, VideoStreamStats.ctr(VideoStatsDelta.NONE));
        // Ten minutes on, the 5-minute window is empty, the hour still holds both.
        VideoStreamStats later = s.snapshot("v", t + 10 * 60_000L);
        assertEquals(VideoStatsDelta.NONE, later.last5m());
        assertEquals(1, later.last1h().clicks());
        assertEquals(t + 5 * 60_000L, s.nextExpiryMillis(t));
    }
}
