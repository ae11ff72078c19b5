package dev.reelrank.training;

import dev.reelrank.proto.v1.Action;

/**
 * Which logged interactions are training positives (the label of the retrieval model):
 * <ul>
 *   <li>a watch with watch_seconds / duration ≥ {@code minWatchRatio} (the dataset manifest's
 *       positiveWatchRatio, 0.5 when it has none): the user chose the video AND it held them;</li>
 *   <li>a like or a share: explicit approval, whatever the watch time;</li>
 *   <li>a click, only in datasets that log no watches at all (click logs): where watches exist a
 *       click is just the start of a watch, and short watches after clickbait must not count.</li>
 * </ul>
 * A watch of unknown duration counts when it lasted at least {@code unknownDurationSeconds}.
 * Only the first positive of each (user, video) pair is an example: re-watches would weight
 * heavy users' favourites many times over.
 */
public record PositiveRule(double minWatchRatio, boolean clicksArePositive, double unknownDurationSeconds) {

    public static final double DEFAULT_WATCH_RATIO = 0.5;

    public boolean isPositive(Action action, double watchSeconds, int durationSeconds) {
        return switch (action) {
            case watch -> durationSeconds > 0 ? watchSeconds / durationSeconds >= minWatchRatio : watchSeconds >= unknownDurationSeconds;
            case like, share -> true;
            case click -> clicksArePositive;
            default -> false;
        };
    }

    public String describe() {
        return "first per (user, video) of: watch with watch_ratio >= " + minWatchRatio
                + " (or >= " + unknownDurationSeconds + " s when the duration is unknown), like, share"
                + (clicksArePositive ? ", click (this dataset logs no watches)" : "; clicks are not positives (watches are logged)");
    }
}
