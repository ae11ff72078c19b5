package dev.reelrank.retrievalmodel;

import java.time.Duration;
import java.time.Instant;

/**
 * Fixed numeric buckets of the video tower. Bucket 0 always means "unknown"; bucket i (i >= 1)
 * holds values in [bound[i-1], bound[i]) with the last bucket open-ended. The bounds are part of
 * the model: changing them needs a retrain.
 */
public final class Buckets {
    private Buckets() {}

    /** Video length in seconds: shorts, clips, ~5 min, ~10 min, ~20 min, ~half hour, ~hour, longer. */
    static final int[] DURATION_BOUNDS = {0, 60, 180, 300, 600, 1200, 1800, 3600, 7200};
    /** Days since publish at the moment of the event: fresh content behaves very differently. */
    static final int[] AGE_DAYS_BOUNDS = {0, 1, 2, 4, 7, 14, 30, 90, 180, 365, 730};

    public static final int DURATION_BUCKETS = DURATION_BOUNDS.length + 1;
    public static final int AGE_BUCKETS = AGE_DAYS_BOUNDS.length + 1;

    public static int duration(int seconds) {
        return seconds <= 0 ? 0 : bucket(DURATION_BOUNDS, seconds);
    }

    /** @param publishedAtMs epoch ms, or Long.MIN_VALUE when unknown */
    public static int age(long publishedAtMs, Instant asOf) {
        if (publishedAtMs == Long.MIN_VALUE || asOf == null) return 0;
        long days = Duration.ofMillis(asOf.toEpochMilli() - publishedAtMs).toDays();
        return bucket(AGE_DAYS_BOUNDS, Math.max(0, days));
    }

    private static int bucket(int[] bounds, long v) {
        int b = 0;
        while (b < bounds.length && v >= bounds[b]) b++;
        return b;   // 1..bounds.length (0 only for "unknown", handled by callers)
    }

    /** Human-readable names for metadata histograms. */
    public static String[] durationLabels() {
        return labels(DURATION_BOUNDS, "s");
    }

    public static String[] ageLabels() {
        return labels(AGE_DAYS_BOUNDS, "d");
    }

    private static String[] labels(int[] bounds, String unit) {
        String[] out = new String[bounds.length + 1];
        out[0] = "unknown";
        for (int i = 0; i < bounds.length; i++) {
            out[i + 1] = i + 1 < bounds.length ? "[" + bounds[i] + "," + bounds[i + 1] + ")" + unit : ">=" + bounds[i] + unit;
        }
        return out;
    }
}
