package dev.reelrank.pipeline.evaluation;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.proto.v1.Action;

/**
 * The positive label: a like or a share, or a watch whose watch ratio reaches
 * {@code positiveWatchRatio} (null: watches are never positive, e.g. MovieLens ratings).
 */
public record Labels(Double positiveWatchRatio) {
    public boolean positive(Dataset d, int row) {
        int a = d.action[row];
        if (a == Action.like_VALUE || a == Action.share_VALUE) return true;
        if (a != Action.watch_VALUE || positiveWatchRatio == null) return false;
        double ratio = d.watchRatio(row);
        return !Double.isNaN(ratio) && ratio >= positiveWatchRatio;
    }

    /** Engagement that says the user chose the video (for co-occurrence and novelty): not impressions, skips or negative feedback. */
    public static boolean engaged(Dataset d, int row) {
        int a = d.action[row];
        return a == Action.click_VALUE || a == Action.watch_VALUE || a == Action.like_VALUE || a == Action.share_VALUE;
    }

    public String describe() {
        return positiveWatchRatio == null ? "like or share" : "like, share, or watch with watch ratio >= " + positiveWatchRatio;
    }
}
