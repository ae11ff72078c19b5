package dev.reelrank.ranking;

import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import java.util.Arrays;

/**
 * One video's counters as the product builds them, replayed: totals from {@link VideoStatsDelta}
 * (what embedding-refresh's fold and the streaming job add per interaction) and the streaming job's
 * 5 min / 1 h / 24 h windows with the same edges (as of minute {@code m}, window {@code w} holds the
 * minutes {@code > m - w}; see streaming-features' MinuteBuckets). Events must come in time order;
 * one earlier than the newest seen counts in the newest minute.
 *
 * <p>Windows are running sums over per-minute buckets, so reading them while time moves forward is
 * amortized O(1) per bucket, not a sum over up to 1,440 buckets per exposure.
 */
final class VideoCounters {
    static final int[] WINDOW_MINUTES = {5, 60, 1440};
    private static final int FIELDS = 9; // impressions, views, clicks, watch, likes, dislikes, shares, skips, not interested

    VideoStatsDelta total = VideoStatsDelta.NONE;
    private long[] minutes = new long[4];
    private double[] buckets = new double[4 * FIELDS];
    private int head, size; // live buckets: [head, head + size), oldest first
    /** Per window: the index of its oldest bucket, and its running sums. */
    private final int[] from = new int[WINDOW_MINUTES.length];
    private final double[][] sums = new double[WINDOW_MINUTES.length][FIELDS];
    private long newestMinute = Long.MIN_VALUE;
    boolean seen;

    void add(VideoStatsDelta d, long eventMillis, boolean windows) {
        seen = true;
        total = total.plus(d);
        if (!windows) return;
        long minute = Math.max(Math.floorDiv(eventMillis, 60_000L), newestMinute);
        advance(minute);
        if (size == 0 || minutes[head + size - 1] != minute) append(minute);
        int o = (head + size - 1) * FIELDS;
        double[] v = values(d);
        for (int k = 0; k < FIELDS; k++) buckets[o + k] += v[k];
        for (double[] s : sums) for (int k = 0; k < FIELDS; k++) s[k] += v[k];
    }

    /** The video's features at {@code asOfMillis}: {@code base} (catalogue) plus totals and, when kept, windows. */
    VideoFeatures features(VideoFeatures base, long asOfMillis, boolean windows) {
        var b = base.toBuilder().setImpressions(total.impressions()).setViews(total.views()).setClicks(total.clicks())
                .setWatchSeconds(total.watchSeconds()).setLikes(total.likes()).setDislikes(total.dislikes())
                .setShares(total.shares()).setSkips(total.skips()).setNotInterested(total.notInterested());
        if (windows && seen) {
            advance(Math.max(Math.floorDiv(asOfMillis, 60_000L), newestMinute));
            b.setLast5M(window(sums[0])).setLast1H(window(sums[1])).setLast24H(window(sums[2]));
        }
        return b.build();
    }

    private static WindowStats window(double[] s) {
        long impressions = Math.round(s[0]), clicks = Math.round(s[2]);
        return WindowStats.newBuilder().setImpressions(impressions).setViews(Math.round(s[1])).setClicks(clicks)
                .setWatchSeconds(s[3]).setLikes(Math.round(s[4])).setCtr(impressions == 0 ? 0 : (double) clicks / impressions).build();
    }

    /** Moves the clock to {@code minute}: buckets leave the windows they no longer belong to. */
    private void advance(long minute) {
        if (minute <= newestMinute && newestMinute != Long.MIN_VALUE) return;
        newestMinute = minute;
        for (int w = 0; w < WINDOW_MINUTES.length; w++) {
            long first = minute - WINDOW_MINUTES[w] + 1;
            while (from[w] < head + size && minutes[from[w]] < first) {
                int o = from[w] * FIELDS;
                for (int k = 0; k < FIELDS; k++) sums[w][k] -= buckets[o + k];
                from[w]++;
            }
        }
        // The longest window's oldest bucket bounds what is kept.
        int drop = from[WINDOW_MINUTES.length - 1] - head;
        head += drop;
        size -= drop;
        for (int w = 0; w < WINDOW_MINUTES.length; w++) if (from[w] < head) from[w] = head;
    }

    private void append(long minute) {
        if (head + size == minutes.length) {
            if (head > 0) { // compact
                System.arraycopy(minutes, head, minutes, 0, size);
                System.arraycopy(buckets, head * FIELDS, buckets, 0, size * FIELDS);
                Arrays.fill(buckets, size * FIELDS, buckets.length, 0);
                for (int w = 0; w < from.length; w++) from[w] -= head;
                head = 0;
            }
            if (size == minutes.length) {
                minutes = Arrays.copyOf(minutes, size * 2);
                buckets = Arrays.copyOf(buckets, size * 2 * FIELDS);
            }
        }
        int i = head + size;
        minutes[i] = minute;
        Arrays.fill(buckets, i * FIELDS, (i + 1) * FIELDS, 0);
        size++;
    }

    private static double[] values(VideoStatsDelta d) {
        return new double[] {d.impressions(), d.views(), d.clicks(), d.watchSeconds(), d.likes(), d.dislikes(), d.shares(),
                d.skips(), d.notInterested()};
    }
}
