package dev.reelrank.model.ranking.drift;

import dev.reelrank.model.ranking.FeatureRow;

/**
 * A numeric column's training bins: bin i holds [e_i, e_{i+1}) of the edges, values below the first
 * edge fall into bin 0 and values at or above the last into the last bin (live values outside the
 * training range still count), a value on repeated edges goes to the last bin starting at it (the
 * rule of the ranking model's FeatureDistributions, which wrote the reference). One extra, final bin
 * holds non-finite (missing) values.
 *
 * @param column index into {@link FeatureRow#numeric()}
 * @param edges  ascending bin edges (K + 1 for K bins), or empty when training saw no finite value
 */
public record NumericBins(String name, int column, float[] edges, double[] referenceShares) implements FeatureBins {

    public NumericBins {
        int finiteBins = Math.max(1, edges.length - 1);
        if (referenceShares.length != finiteBins + 1) {
            throw new IllegalArgumentException(name + ": " + referenceShares.length + " shares for " + finiteBins + " bins + missing");
        }
    }

    /**
     * @param binShares    training share of each finite bin among the finite values
     * @param missingShare training share of non-finite values among all rows
     */
    public static NumericBins of(String name, int column, float[] edges, double[] binShares, double missingShare) {
        if (edges.length == 0) return new NumericBins(name, column, edges, new double[]{1 - missingShare, missingShare});
        if (binShares.length != edges.length - 1) {
            throw new IllegalArgumentException(name + ": " + binShares.length + " shares for " + edges.length + " edges");
        }
        double[] shares = new double[binShares.length + 1];
        for (int i = 0; i < binShares.length; i++) shares[i] = binShares[i] * (1 - missingShare);
        shares[binShares.length] = missingShare;
        return new NumericBins(name, column, edges.clone(), shares);
    }

    @Override
    public String kind() {
        return "numeric";
    }

    @Override
    public int bin(FeatureRow row) {
        float x = row.numeric()[column];
        int finiteBins = referenceShares.length - 1;
        if (!Float.isFinite(x)) return finiteBins;
        // The last bin i (0..K-1) with edges[i] <= x, by bisection: binning dominates the monitor's cost.
        int lo = 0, hi = finiteBins - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (edges[mid] <= x) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    @Override
    public int unknownBin() {
        return -1;
    }
}
