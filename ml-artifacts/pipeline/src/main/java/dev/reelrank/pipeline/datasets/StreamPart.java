package dev.reelrank.pipeline.datasets;

import java.time.Instant;

/**
 * Which rows and videos of a dataset the {@link EventStreamer} posts, and with which event times.
 *
 * <p>Rows without a timestamp (the KuaiRec sample) get a synthetic, deterministic time: each
 * user's posted rows are spread evenly, in file order, over one day starting at
 * {@code untimedStart}; videos without a publication time are published at {@code untimedStart}
 * minus one millisecond, before any interaction. Left without a time, the event API would stamp
 * them with the time it received them: not repeatable, ties within a batch (so the archive could
 * not give a user's rows back in order), and a video published after it was watched. Spreading each
 * user over the same day keeps each user's order and lets a global time cut of such an archive
 * behave like the per-user cut used when the file has no times.
 *
 * @param rows        per interaction row: posted
 * @param videos      per video: posted
 * @param rowTime     per row: the event time in epoch ms ({@link Dataset#NO_TIME} for rows not posted)
 * @param videoTime   per video: the publication time in epoch ms, or {@link Dataset#NO_TIME}
 * @param description what was selected, for logs
 */
public record StreamPart(boolean[] rows, boolean[] videos, long[] rowTime, long[] videoTime, String description) {
    /** Default start of the synthetic day for data without timestamps. */
    public static final Instant DEFAULT_UNTIMED_START = Instant.parse("2026-01-01T00:00:00Z");
    static final long DAY_MS = 86_400_000L;

    /** Every row and video. */
    public static StreamPart all(Dataset d, Instant untimedStart) {
        boolean[] rows = new boolean[d.rows];
        java.util.Arrays.fill(rows, true);
        boolean[] videos = new boolean[d.videoCount()];
        java.util.Arrays.fill(videos, true);
        return of(d, rows, videos, untimedStart, "all " + d.rows + " rows");
    }

    /**
     * The given rows; videos published before {@code publishedBefore} (or without a time), since a
     * video published after the last posted event did not exist yet at that point.
     *
     * @param publishedBefore exclusive bound in epoch ms; {@link Dataset#NO_TIME} = every video
     */
    public static StreamPart of(Dataset d, boolean[] rows, long publishedBefore, Instant untimedStart, String description) {
        boolean[] videos = new boolean[d.videoCount()];
        for (int v = 0; v < videos.length; v++) {
            long t = d.videoPublished[v];
            videos[v] = publishedBefore == Dataset.NO_TIME || t == Dataset.NO_TIME || t < publishedBefore;
        }
        return of(d, rows, videos, untimedStart, description);
    }

    private static StreamPart of(Dataset d, boolean[] rows, boolean[] videos, Instant untimedStart, String description) {
        long start = untimedStart.toEpochMilli();
        long[] rowTime = new long[d.rows];
        // Posted rows per user and, in file order, each row's rank among them (for untimed rows).
        int[] count = new int[d.userCount()];
        for (int i = 0; i < d.rows; i++) if (rows[i] && d.time[i] == Dataset.NO_TIME) count[d.user[i]]++;
        int[] seen = new int[d.userCount()];
        for (int i = 0; i < d.rows; i++) {
            if (!rows[i]) { rowTime[i] = Dataset.NO_TIME; continue; }
            if (d.time[i] != Dataset.NO_TIME) { rowTime[i] = d.time[i]; continue; }
            int u = d.user[i];
            rowTime[i] = start + seen[u]++ * DAY_MS / count[u];
        }
        long[] videoTime = new long[d.videoCount()];
        for (int v = 0; v < videoTime.length; v++) {
            videoTime[v] = d.videoPublished[v] != Dataset.NO_TIME ? d.videoPublished[v] : start - 1;
        }
        int n = 0, m = 0;
        for (boolean r : rows) if (r) n++;
        for (boolean v : videos) if (v) m++;
        return new StreamPart(rows, videos, rowTime, videoTime, description + String.format(java.util.Locale.ROOT,
                ": %,d interactions, %,d videos", n, m));
    }

    public int rowCount() {
        int n = 0;
        for (boolean r : rows) if (r) n++;
        return n;
    }

    public int videoCount() {
        int n = 0;
        for (boolean v : videos) if (v) n++;
        return n;
    }
}
