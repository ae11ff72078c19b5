package dev.reelrank.pipeline.world;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;

/**
 * O(1) draws from a fixed discrete distribution: Apache Commons RNG's alias method
 * ({@link AliasMethodDiscreteSampler}). The tables are built once and shared by the worker threads;
 * each draw binds them to the caller's own stream (one per user, see {@link Seeds}), so what a user
 * draws does not depend on how users are split among threads.
 */
public final class AliasTable {
    /** The tables are built bound to no stream: every draw names its own. */
    private static final UniformRandomProvider UNBOUND = () -> {
        throw new IllegalStateException("AliasTable draws need the caller's stream");
    };

    private final SharedStateDiscreteSampler tables;
    private final int[] items;
    private final int size;

    /**
     * @param weights non-negative, finite, at least one positive (else {@link IllegalArgumentException})
     * @param items   what {@link #sample} returns for index i (null: the index itself)
     */
    public AliasTable(double[] weights, int[] items) {
        this.tables = AliasMethodDiscreteSampler.of(UNBOUND, weights);
        this.items = items;
        this.size = weights.length;
    }

    public AliasTable(double[] weights) {
        this(weights, null);
    }

    public int sample(UniformRandomProvider rnd) {
        int k = tables.withUniformRandomProvider(rnd).sample();
        return items == null ? k : items[k];
    }

    public int size() {
        return size;
    }
}
