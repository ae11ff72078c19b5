package dev.reelrank.pipeline.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws indices in proportion to fixed weights: a cumulative table and a binary search, so a draw
 * costs log2(n) comparisons and no allocation, and the same seed gives the same sequence (runs of
 * the load generator are comparable request for request).
 */
public final class WeightedSampler {
    private final double[] cumulative;
    private final double total;

    public WeightedSampler(double[] weights) {
        if (weights.length == 0) throw new IllegalArgumentException("nothing to sample from");
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) throw new IllegalArgumentException("weight " + i + " is " + weights[i]);
            sum += weights[i];
            cumulative[i] = sum;
        }
        if (!(sum > 0)) throw new IllegalArgumentException("all weights are 0");
        total = sum;
    }

    /** Rank r (0 = first) weighs 1 / (r + 1)^exponent; exponent 0 is uniform. */
    public static WeightedSampler zipf(int n, double exponent) {
        if (exponent < 0) throw new IllegalArgumentException("the Zipf exponent must be >= 0, was " + exponent);
        return new WeightedSampler(zipfWeights(n, exponent));
    }

    static double[] zipfWeights(int n, double exponent) {
        double[] w = new double[n];
        for (int r = 0; r < n; r++) w[r] = Math.pow(r + 1, -exponent);
        return w;
    }

    public int sample(SplittableRandom random) {
        double u = random.nextDouble() * total;
        int i = Arrays.binarySearch(cumulative, u);
        // Not found gives -(insertion point) - 1: the first index whose cumulative weight exceeds u.
        // An exact hit belongs to the next index with weight, as [c(i-1), c(i)) is index i's interval.
        i = i < 0 ? -i - 1 : i + 1;
        while (i < cumulative.length - 1 && cumulative[i] == (i == 0 ? 0 : cumulative[i - 1])) i++;
        return Math.min(i, cumulative.length - 1);
    }

    /** The share of all draws that indices 0 .. k-1 get. */
    public double shareOfFirst(int k) {
        return k <= 0 ? 0 : cumulative[Math.min(k, cumulative.length) - 1] / total;
    }

    public int size() {
        return cumulative.length;
    }
}
