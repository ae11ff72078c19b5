package dev.reelrank.streamingfeatures;

import dev.reelrank.model.VideoStatsDelta;

/**
 * One video's keyed state: totals, minute buckets for the windows, and what the flushing needs.
 * Public fields and a no-argument constructor, so Flink checkpoints it with its POJO serializer.
 */
public final class VideoState {
    /** The window lengths in minutes: 5 min, 1 h, 24 h. The longest bounds the buckets kept. */
    public static final int[] WINDOW_MINUTES = {5, 60, 1440};
    public static final int LONGEST_WINDOW_MINUTES = 1440;

    public VideoStatsDelta total = VideoStatsDelta.NONE;
    public MinuteBuckets buckets = new MinuteBuckets();
    /** The newest event time seen for this video (epoch ms). */
    public long newestEventMillis = Long.MIN_VALUE;
    /** Changed since the last write; a flush timer is pending. */
    public boolean dirty;
    /** The event-time timer at which a bucket next leaves a window (epoch ms), or MIN_VALUE. */
    public long expiryTimerMillis = Long.MIN_VALUE;

    public VideoState() {}

    /** Adds one interaction; events older than every window count in the totals only. */
    public void add(VideoStatsDelta d, long eventMillis, long asOfMillis) {
        total = total.plus(d);
        newestEventMillis = Math.max(newestEventMillis, eventMillis);
        long minute = MinuteBuckets.minuteOf(eventMillis);
        long asOfMinute = MinuteBuckets.minuteOf(Math.max(asOfMillis, newestEventMillis));
        if (minute > asOfMinute - LONGEST_WINDOW_MINUTES) buckets.add(minute, d);
    }

    /** The clock the windows are read at: the watermark, or this video's newest event when later. */
    public long asOf(long watermarkMillis) {
        return Math.max(watermarkMillis, newestEventMillis);
    }

    /** Drops buckets no window holds any more and returns the absolute values as of {@code asOfMillis}. */
    public VideoStreamStats snapshot(String videoId, long asOfMillis) {
        long m = MinuteBuckets.minuteOf(asOfMillis);
        buckets.prune(m - LONGEST_WINDOW_MINUTES + 1);
        return new VideoStreamStats(videoId, asOfMillis, total,
                buckets.window(m, WINDOW_MINUTES[0]), buckets.window(m, WINDOW_MINUTES[1]), buckets.window(m, WINDOW_MINUTES[2]));
    }

    /** When (epoch ms) some window next loses a bucket, or MAX_VALUE. */
    public long nextExpiryMillis(long asOfMillis) {
        long next = buckets.nextExpiry(MinuteBuckets.minuteOf(asOfMillis), WINDOW_MINUTES);
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : next * 60_000L;
    }
}
