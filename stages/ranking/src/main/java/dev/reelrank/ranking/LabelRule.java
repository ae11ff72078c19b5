package dev.reelrank.ranking;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;

/**
 * What an exposure is and what its labels are, for {@link TrainingExamples}. Follows the
 * evaluator's ranking metrics (EVALUATION.md, "Ranking metrics" and "Labels"), so a model's
 * training label and the evaluator's AUC label are the same thing:
 * <ul>
 *   <li>data with impressions ({@link #impressions}): an exposure is an {@code impression}; its
 *       {@code click} is 1 when the same user clicked or watched the same video afterwards in the
 *       same slate (same request id when both events carry one) within {@code windowMillis};
 *       {@code watchRatio} is the seconds watched there over the video's duration;</li>
 *   <li>data without impressions ({@link #everyRow}, e.g. KuaiRec, MovieLens): every row with a
 *       video is an exposure; {@code click} is the data set's positive label (a like or a share, or a
 *       watch whose watch ratio reaches {@code positiveWatchRatio}; null: watches are never positive),
 *       {@code watchRatio} the row's own.</li>
 * </ul>
 * Watch ratios are capped at {@link #MAX_WATCH_RATIO}: replays of a short video would otherwise
 * dominate a regression loss.
 */
public record LabelRule(boolean impressions, long windowMillis, Double positiveWatchRatio) {
    public static final float MAX_WATCH_RATIO = 5;
    /** A slate's clicks and watches arrive within this long of its impressions (the generated world's slates last minutes). */
    public static final long DEFAULT_WINDOW_MILLIS = 2 * 3_600_000L;

    public LabelRule {
        if (impressions && windowMillis <= 0) throw new IllegalArgumentException("windowMillis must be > 0");
    }

    public static LabelRule impressions(long windowMillis) {
        return new LabelRule(true, windowMillis, null);
    }

    public static LabelRule everyRow(Double positiveWatchRatio) {
        return new LabelRule(false, 0, positiveWatchRatio);
    }

    /** The evaluator's choice: impressions when the data has them, else every row with the data set's positive label. */
    public static LabelRule forData(boolean hasImpressions, Double positiveWatchRatio) {
        return hasImpressions ? impressions(DEFAULT_WINDOW_MILLIS) : everyRow(positiveWatchRatio);
    }

    /** Whether an event, once seen after an impression of its video, makes that impression a click. */
    public static boolean engages(Action a) {
        return a == Action.click || a == Action.watch;
    }

    /** The data set's positive label of one row (every-row data). */
    public boolean positive(Interaction e, int durationSeconds) {
        Action a = e.getAction();
        if (a == Action.like || a == Action.share) return true;
        if (a != Action.watch || positiveWatchRatio == null || durationSeconds <= 0) return false;
        return e.getWatchSeconds() / durationSeconds >= positiveWatchRatio;
    }

    /** Seconds over duration, capped; 0 when the duration is unknown. */
    public static float watchRatio(double watchSeconds, int durationSeconds) {
        if (durationSeconds <= 0 || !(watchSeconds > 0)) return 0;
        return (float) Math.min(MAX_WATCH_RATIO, watchSeconds / durationSeconds);
    }

    public String describe() {
        if (impressions) return "impressions; click = clicked or watched in the same slate within " + windowMillis / 60_000 + " min";
        return "every row; click = like, share" + (positiveWatchRatio == null ? "" : " or watch ratio >= " + positiveWatchRatio);
    }
}
