package dev.reelrank.training;

import java.util.SplittableRandom;

/** Walker's alias method: O(1) draws from a fixed discrete distribution. */
final class AliasSampler {
    private final double[] probability;
    private final int[] alias;
    private final double[] normalized;

    /** @param weights non-negative, at least one positive */
    AliasSampler(double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (double w : weights) {
            if (w < 0 || Double.isNaN(w)) throw new IllegalArgumentException("negative weight");
            sum += w;
        }
        if (sum <= 0) throw new IllegalArgumentException("all weights are zero");
        normalized = new double[n];
        probability = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        int[] small = new int[n], large = new int[n];
        int s = 0, l = 0;
        for (int i = 0; i < n; i++) {
            normalized[i] = weights[i] / sum;
            scaled[i] = normalized[i] * n;
            if (scaled[i] < 1) small[s++] = i; else large[l++] = i;
        }
        while (s > 0 && l > 0) {
            int a = small[--s], g = large[--l];
            probability[a] = scaled[a];
            alias[a] = g;
            scaled[g] = scaled[g] + scaled[a] - 1;
            if (scaled[g] < 1) small[s++] = g; else large[l++] = g;
        }
        while (l > 0) probability[large[--l]] = 1;
        while (s > 0) probability[small[--s]] = 1;
    }

    int sample(SplittableRandom r) {
        int i = r.nextInt(probability.length);
        return r.nextDouble() < probability[i] ? i : alias[i];
    }

    double probability(int i) {
        return normalized[i];
    }
}
