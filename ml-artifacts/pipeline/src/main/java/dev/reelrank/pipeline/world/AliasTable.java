package dev.reelrank.pipeline.world;

import java.util.SplittableRandom;

/**
 * Walker/Vose alias table: O(1) sampling from a fixed discrete distribution, built in O(n).
 * Immutable after construction, so worker threads share one.
 */
public final class AliasTable {
    private final double[] prob;
    private final int[] alias;
    private final int[] items;

    /** @param items what {@link #sample} returns for index i (null: the index itself) */
    public AliasTable(double[] weights, int[] items) {
        int n = weights.length;
        if (n == 0) throw new IllegalArgumentException("no weights");
        this.items = items;
        prob = new double[n];
        alias = new int[n];
        double sum = 0;
        for (double w : weights) {
            if (w < 0 || Double.isNaN(w)) throw new IllegalArgumentException("weights must be >= 0");
            sum += w;
        }
        if (sum <= 0) throw new IllegalArgumentException("weights sum to 0");
        double[] scaled = new double[n];
        int[] small = new int[n], large = new int[n];
        int ns = 0, nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) small[ns++] = i; else large[nl++] = i;
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns], l = large[--nl];
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) small[ns++] = l; else large[nl++] = l;
        }
        while (nl > 0) prob[large[--nl]] = 1;
        while (ns > 0) prob[small[--ns]] = 1; // rounding leftovers
    }

    public AliasTable(double[] weights) {
        this(weights, null);
    }

    public int sample(SplittableRandom rnd) {
        int i = rnd.nextInt(prob.length);
        int k = rnd.nextDouble() < prob[i] ? i : alias[i];
        return items == null ? k : items[k];
    }

    public int size() {
        return prob.length;
    }
}
