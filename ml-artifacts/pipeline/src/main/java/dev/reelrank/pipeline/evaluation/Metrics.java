package dev.reelrank.pipeline.evaluation;

import java.util.Arrays;

/**
 * The metric formulas, as pure functions over one list or one set of scores. Lists are given as
 * hit flags in rank order ({@code hits[i]}: the item at rank i, zero-based, is relevant); a list
 * shorter than K simply has no hits past its end.
 *
 * <ul>
 * <li>Recall@K = relevant items in the top K / all relevant items of the user.</li>
 * <li>NDCG@K (binary) = Σ_{i<K, hit} 1/log2(i+2) divided by the same sum for min(K, #relevant) hits at the top.</li>
 * <li>MRR@K = 1 / (rank of the first hit, one-based) if it is within K, else 0.</li>
 * <li>HitRate@K = 1 if any hit within K.</li>
 * <li>AUC = probability that a random positive scores above a random negative (ties count one half).</li>
 * <li>GAUC = per-group AUC averaged over the groups (users) that have both classes, each weighted by its
 * number of items (impressions); a group with one class only has no AUC and is left out.</li>
 * <li>Log-loss = mean of −[y ln p + (1−y) ln(1−p)], p clipped to [1e-7, 1 − 1e-7].</li>
 * <li>Graded NDCG@K = Σ_{i<K} g_i/log2(i+2) over the same for the gains sorted best first (watch-time-weighted NDCG when g = watch seconds).</li>
 * <li>Intra-list diversity = share of pairs in the list whose attribute (category) differs; unknown attributes are left out.</li>
 * <li>Novelty = mean of −log2 p(i), p(i) = share of training users who interacted with item i (add-one smoothed by the caller).</li>
 * </ul>
 */
public final class Metrics {
    private static final double EPS = 1e-7;

    private Metrics() {}

    public static double recall(boolean[] hits, int relevant, int k) {
        return relevant == 0 ? 0 : (double) countHits(hits, k) / relevant;
    }

    public static double ndcg(boolean[] hits, int relevant, int k) {
        double dcg = 0, idcg = 0;
        int n = Math.min(k, hits.length);
        for (int i = 0; i < n; i++) if (hits[i]) dcg += discount(i);
        for (int i = 0; i < Math.min(k, relevant); i++) idcg += discount(i);
        return idcg == 0 ? 0 : dcg / idcg;
    }

    public static double reciprocalRank(boolean[] hits, int k) {
        int n = Math.min(k, hits.length);
        for (int i = 0; i < n; i++) if (hits[i]) return 1.0 / (i + 1);
        return 0;
    }

    public static double hitRate(boolean[] hits, int k) {
        return countHits(hits, k) > 0 ? 1 : 0;
    }

    public static int countHits(boolean[] hits, int k) {
        int c = 0, n = Math.min(k, hits.length);
        for (int i = 0; i < n; i++) if (hits[i]) c++;
        return c;
    }

    /** NDCG@K with graded gains, given in the order the system ranked the items. */
    public static double gradedNdcg(double[] gainsInRankOrder, int k) {
        double dcg = 0;
        int n = Math.min(k, gainsInRankOrder.length);
        for (int i = 0; i < n; i++) dcg += gainsInRankOrder[i] * discount(i);
        double[] ideal = gainsInRankOrder.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int i = 0; i < n; i++) idcg += ideal[ideal.length - 1 - i] * discount(i);
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Mann–Whitney AUC with average ranks for ties; NaN when one class is empty. */
    public static double auc(double[] scores, boolean[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1; // one-based
            for (int t = i; t <= j; t++) if (labels[order[t]]) { rankSumPos += avgRank; pos++; }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Impression-weighted mean of the groups' AUCs (groups with one class left out); NaN when no
     * group has both classes. {@code scores[g]} and {@code labels[g]} are group g's items.
     */
    public static double gauc(double[][] scores, boolean[][] labels) {
        double sum = 0;
        long weight = 0;
        for (int g = 0; g < scores.length; g++) {
            double a = auc(scores[g], labels[g]);
            if (Double.isNaN(a)) continue;
            sum += a * scores[g].length;
            weight += scores[g].length;
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }

    public static double logLoss(double[] probabilities, boolean[] labels) {
        if (probabilities.length == 0) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.max(EPS, Math.min(1 - EPS, probabilities[i]));
            sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
        }
        return sum / probabilities.length;
    }

    /** Share of the catalogue that appeared in at least one list. */
    public static double coverage(long distinctRecommended, long catalogueSize) {
        return catalogueSize == 0 ? 0 : (double) distinctRecommended / catalogueSize;
    }

    /** Distinct non-negative values among the first k (negative = unknown). */
    public static int distinct(int[] attributes, int k) {
        int n = Math.min(k, attributes.length);
        int[] seen = new int[n];
        int c = 0;
        outer:
        for (int i = 0; i < n; i++) {
            if (attributes[i] < 0) continue;
            for (int j = 0; j < c; j++) if (seen[j] == attributes[i]) continue outer;
            seen[c++] = attributes[i];
        }
        return c;
    }

    /** Share of pairs among the first k with different known attributes; NaN with fewer than two known. */
    public static double intraListDiversity(int[] attributes, int k) {
        int n = Math.min(k, attributes.length);
        long pairs = 0, different = 0;
        for (int i = 0; i < n; i++) {
            if (attributes[i] < 0) continue;
            for (int j = i + 1; j < n; j++) {
                if (attributes[j] < 0) continue;
                pairs++;
                if (attributes[i] != attributes[j]) different++;
            }
        }
        return pairs == 0 ? Double.NaN : (double) different / pairs;
    }

    /** Mean self-information −log2 p of the first k items, given each item's probability. */
    public static double novelty(double[] itemProbabilities, int k) {
        int n = Math.min(k, itemProbabilities.length);
        if (n == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < n; i++) s -= Math.log(itemProbabilities[i]) / Math.log(2);
        return s / n;
    }

    private static double discount(int zeroBasedRank) {
        return 1 / (Math.log(zeroBasedRank + 2) / Math.log(2));
    }
}
