package dev.reelrank.rankingmodel;

import java.util.Arrays;

/** Pure validation metrics of the click and watch heads (no DJL), so they are easy to test by hand. */
public final class ClickMetrics {
    /** Probabilities are clamped to [EPS, 1-EPS] before the log: one confident miss must not make log-loss infinite. */
    static final double EPS = 1e-7;

    private ClickMetrics() {}

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random
     * negative, ties counting one half (Mann–Whitney with average ranks for tied scores). NaN when
     * either class is absent. Labels above 0.5 are positives.
     */
    public static double auc(float[] scores, float[] labels) {
        int n = scores.length;
        if (labels.length != n) throw new IllegalArgumentException(n + " scores but " + labels.length + " labels");
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Float.compare(scores[order[j + 1]], scores[order[i]]) == 0) j++;
            double averageRank = (i + j) / 2.0 + 1;          // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) { positiveRankSum += averageRank; positives++; }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean binary cross-entropy of probabilities against 0/1 (or fractional) labels. */
    public static double logLoss(float[] probabilities, float[] labels) {
        if (probabilities.length == 0) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(1 - EPS, Math.max(EPS, probabilities[i]));
            sum -= labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p);
        }
        return sum / probabilities.length;
    }

    /** Mean absolute error over the rows whose weight is positive; NaN when there are none. */
    public static double meanAbsoluteError(float[] predicted, float[] actual, float[] weights) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (weights[i] <= 0) continue;
            sum += Math.abs(predicted[i] - actual[i]);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Root mean squared error over the rows whose weight is positive; NaN when there are none. */
    public static double rootMeanSquaredError(float[] predicted, float[] actual, float[] weights) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (weights[i] <= 0) continue;
            double d = predicted[i] - actual[i];
            sum += d * d;
            n++;
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }
}
