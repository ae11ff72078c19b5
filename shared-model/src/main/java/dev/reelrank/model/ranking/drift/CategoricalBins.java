package dev.reelrank.model.ranking.drift;

import dev.reelrank.model.ranking.FeatureRow;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A categorical column's bins: one per frequent training value the model knows, then "other" (known
 * values outside that top list), "missing" ({@code ""}) and "unknown" (values the model maps to its
 * out-of-vocabulary id). Disjoint, so a top value the model does not know counts as unknown, as it
 * did in the reference's oovShare.
 *
 * @param column index into {@link FeatureRow#categorical()}
 * @param top    frequent value → its bin (0..k-1)
 * @param known  whether the model's vocabulary holds a (non-empty) value
 */
public record CategoricalBins(String name, int column, Map<String, Integer> top, Predicate<String> known,
                              double[] referenceShares) implements FeatureBins {

    public CategoricalBins {
        top = Map.copyOf(top);
        if (referenceShares.length != top.size() + 3) {
            throw new IllegalArgumentException(name + ": " + referenceShares.length + " shares for " + top.size() + " values + 3");
        }
    }

    /**
     * @param topShares    the most frequent training values and their shares of all rows
     * @param missingShare training share of {@code ""}
     * @param unknownShare training share of values the model does not know
     */
    public static CategoricalBins of(String name, int column, Map<String, Double> topShares, double missingShare,
                                     double unknownShare, Predicate<String> known) {
        var kept = new LinkedHashMap<String, Double>();
        for (var e : topShares.entrySet()) {
            if (e.getKey() != null && !e.getKey().isEmpty() && known.test(e.getKey())) kept.put(e.getKey(), e.getValue());
        }
        var bins = new HashMap<String, Integer>();
        double[] shares = new double[kept.size() + 3];
        double listed = 0;
        int b = 0;
        for (var e : kept.entrySet()) {
            bins.put(e.getKey(), b);
            shares[b++] = e.getValue();
            listed += e.getValue();
        }
        // The reference stores rounded shares: clamp so rounding cannot make "other" negative.
        shares[b] = Math.max(0, 1 - listed - missingShare - unknownShare);
        shares[b + 1] = missingShare;
        shares[b + 2] = unknownShare;
        return new CategoricalBins(name, column, bins, known, shares);
    }

    @Override
    public String kind() {
        return "categorical";
    }

    @Override
    public int bin(FeatureRow row) {
        String v = row.categorical()[column];
        int k = top.size();
        if (v == null || v.isEmpty()) return k + 1;
        if (!known.test(v)) return k + 2;
        Integer b = top.get(v);
        return b == null ? k : b;
    }

    @Override
    public int unknownBin() {
        return top.size() + 2;
    }
}
