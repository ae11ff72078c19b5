package dev.reelrank.model.ranking.drift;

import dev.reelrank.model.ranking.FeatureRow;

/**
 * One feature's bins and its training share of each: a drift monitor counts live rows into the
 * same bins and compares the shares ({@link Psi}). Immutable and thread-safe; {@link #bin} allocates
 * nothing, since it runs for every feature of every sampled row served.
 */
public sealed interface FeatureBins permits NumericBins, CategoricalBins {
    String name();

    /** {@code numeric} or {@code categorical}. */
    String kind();

    /** Training share per bin, summing to 1 (up to rounding); index = what {@link #bin} returns. */
    double[] referenceShares();

    /** The bin of this feature's value in {@code row}. */
    int bin(FeatureRow row);

    /** The bin of values the model does not know (out of vocabulary), or -1 where there is none. */
    int unknownBin();
}
