package dev.reelrank.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recall@K of exact retrieval over the whole catalog: for each held-out positive, its rank
 * among all videos by score, ignoring videos already in the user's history (the feed filters
 * those). Ties count against the target, so a constant scorer gets no credit.
 */
final class RecallEvaluator {
    static final int[] KS = {10, 50, 100, 500};

    private RecallEvaluator() {}

    /** @param ranks rank (0 = best) of each example's target; returns recall@K for each K of {@link #KS} */
    static Map<String, Double> recall(int[] ranks) {
        var out = new LinkedHashMap<String, Double>();
        for (int k : KS) {
            int hits = 0;
            for (int r : ranks) if (r < k) hits++;
            out.put("recall@" + k, ranks.length == 0 ? 0.0 : Math.round(1e4 * hits / (double) ranks.length) / 1e4);
        }
        return out;
    }

    /** Rank of {@code target} in {@code scores}: how many eligible items score strictly higher, or equal. */
    static int rank(float[] scores, int target, int[] excluded) {
        float t = scores[target];
        int above = 0;
        for (int j = 0; j < scores.length; j++) if (j != target && scores[j] >= t) above++;
        for (int e : excluded) if (e != target && scores[e] >= t) above--;
        return above;
    }

    static double at(int[] ranks, int k) {
        int hits = 0;
        for (int r : ranks) if (r < k) hits++;
        return ranks.length == 0 ? 0 : hits / (double) ranks.length;
    }
}
