package dev.reelrank.streamingfeatures;

import dev.reelrank.model.VideoStatsDelta;
import java.util.Arrays;

/**
 * One video's counters per minute of event time, sparse (only minutes with events), oldest first,
 * so a sliding window of any whole number of minutes is a sum over a suffix. This replaces Flink's
 * window operator, which would copy each event into every overlapping window (288 of them for a
 * 24 h window sliding by 5 min); here an event touches one bucket and a window is read only when
 * the video is written out.
 *
 * <p>Window semantics: as of minute {@code m} (minute = epoch millis / 60 000), a window of
 * {@code w} minutes holds the buckets of minutes {@code > m - w}, i.e. the current (partial) minute
 * and the {@code w - 1} before it, plus any bucket newer than {@code m} (events ahead of the
 * clock). So "5 minutes" covers between 4 and 5 minutes of time. A bucket leaves window {@code w}
 * when the clock reaches minute {@code bucket + w} ({@link #nextExpiry}).
 *
 * <p>Size: 80 bytes per bucket (minute, 8 long counters, watch seconds), so a video with events in
 * every minute of the last 24 h holds 1,440 buckets, ~115 KB (up to ~160 KB with the arrays'
 * spare capacity); a video seen in a few minutes holds a few hundred bytes. If many videos are
 * busy all day, coarser buckets beyond the first hour (or int counters) are the next step.
 *
 * <p>Mutable and public-field shaped so Flink's POJO serializer checkpoints it; no Flink imports.
 * Not thread-safe.
 */
public final class MinuteBuckets {
    /** Long counters per bucket, in this order; watch seconds are kept apart as doubles. */
    static final int IMPRESSIONS = 0, VIEWS = 1, CLICKS = 2, LIKES = 3, DISLIKES = 4, SHARES = 5, SKIPS = 6, NOT_INTERESTED = 7;
    static final int LONGS = 8;

    /** Minutes of the buckets in use, strictly increasing over {@code [0, size)}. */
    public long[] minutes = new long[4];
    /** {@link #LONGS} counters per bucket. */
    public long[] counts = new long[4 * LONGS];
    /** Watch seconds per bucket. */
    public double[] watch = new double[4];
    /** Buckets in use. */
    public int size;

    public MinuteBuckets() {}

    public static long minuteOf(long epochMillis) {
        return Math.floorDiv(epochMillis, 60_000L);
    }

    /** Adds an interaction's increments to the bucket of {@code minute} (created if needed). */
    public void add(long minute, VideoStatsDelta d) {
        if (d.isEmpty()) return;
        int i = indexFor(minute);
        int o = i * LONGS;
        counts[o + IMPRESSIONS] += d.impressions();
        counts[o + VIEWS] += d.views();
        counts[o + CLICKS] += d.clicks();
        counts[o + LIKES] += d.likes();
        counts[o + DISLIKES] += d.dislikes();
        counts[o + SHARES] += d.shares();
        counts[o + SKIPS] += d.skips();
        counts[o + NOT_INTERESTED] += d.notInterested();
        watch[i] += d.watchSeconds();
    }

    /** The sum of the buckets of minutes {@code >= firstMinute}. */
    public VideoStatsDelta sumSince(long firstMinute) {
        long[] s = new long[LONGS];
        double w = 0;
        for (int i = firstIndexAtOrAfter(firstMinute); i < size; i++) {
            int o = i * LONGS;
            for (int k = 0; k < LONGS; k++) s[k] += counts[o + k];
            w += watch[i];
        }
        return new VideoStatsDelta(s[IMPRESSIONS], s[VIEWS], s[CLICKS], w, s[LIKES], s[DISLIKES], s[SHARES], s[SKIPS], s[NOT_INTERESTED]);
    }

    /** The window of {@code windowMinutes} as of {@code asOfMinute} (see the class comment). */
    public VideoStatsDelta window(long asOfMinute, int windowMinutes) {
        return sumSince(asOfMinute - windowMinutes + 1);
    }

    /** Drops the buckets of minutes {@code < firstMinuteKept}. */
    public void prune(long firstMinuteKept) {
        int from = firstIndexAtOrAfter(firstMinuteKept);
        if (from == 0) return;
        int n = size - from;
        System.arraycopy(minutes, from, minutes, 0, n);
        System.arraycopy(counts, from * LONGS, counts, 0, n * LONGS);
        System.arraycopy(watch, from, watch, 0, n);
        Arrays.fill(counts, n * LONGS, size * LONGS, 0);
        Arrays.fill(watch, n, size, 0);
        size = n;
    }

    /**
     * The first minute after {@code asOfMinute} at which some window's content changes because a
     * bucket leaves it, or {@link Long#MAX_VALUE} when no bucket is in any window.
     */
    public long nextExpiry(long asOfMinute, int... windowMinutes) {
        long next = Long.MAX_VALUE;
        for (int w : windowMinutes) {
            int i = firstIndexAtOrAfter(asOfMinute - w + 1);
            if (i < size) next = Math.min(next, minutes[i] + w);
        }
        return next;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int firstIndexAtOrAfter(long minute) {
        // Buckets are few (at most one per minute of the longest window) and mostly read from the end.
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (minutes[mid] < minute) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private int indexFor(long minute) {
        if (size > 0 && minutes[size - 1] == minute) return size - 1;   // the common case: in order
        int i = firstIndexAtOrAfter(minute);
        if (i < size && minutes[i] == minute) return i;
        if (size == minutes.length) {
            int cap = Math.max(4, size * 2);
            minutes = Arrays.copyOf(minutes, cap);
            counts = Arrays.copyOf(counts, cap * LONGS);
            watch = Arrays.copyOf(watch, cap);
        }
        int n = size - i;
        System.arraycopy(minutes, i, minutes, i + 1, n);
        System.arraycopy(counts, i * LONGS, counts, (i + 1) * LONGS, n * LONGS);
        System.arraycopy(watch, i, watch, i + 1, n);
        minutes[i] = minute;
        Arrays.fill(counts, i * LONGS, (i + 1) * LONGS, 0);
        watch[i] = 0;
        size++;
        return i;
    }
}
