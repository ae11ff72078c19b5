package dev.reelrank.pipeline.world;

import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent, reproducible random streams: one per (purpose, index), so a user's attributes and
 * behaviour do not depend on how users are split among threads. The generated world draws from
 * {@link #generator} (Commons RNG, what its {@link AliasTable}s sample with); the evaluator's
 * splits and user samples keep {@link #stream}, so their choices on a given data set are unchanged.
 */
public final class Seeds {
    public static final long CATALOGUE = 1, USERS = 2, BEHAVIOUR = 3;

    private Seeds() {}

    public static SplittableRandom stream(long seed, long purpose, long index) {
        return new SplittableRandom(mix(seed, purpose, index));
    }

    /** The world's streams: SplitMix64 seeded like {@link #stream}. */
    public static UniformRandomProvider generator(long seed, long purpose, long index) {
        return RandomSource.SPLIT_MIX_64.create(mix(seed, purpose, index));
    }

    private static long mix(long seed, long purpose, long index) {
        long h = seed ^ (purpose * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL + purpose);
        h ^= h >>> 33; h *= 0xff51afd7ed558ccdL; h ^= h >>> 33; h *= 0xc4ceb9fe1a85ec53L; h ^= h >>> 33;
        return h;
    }

    public static double gaussian(UniformRandomProvider r) {
        // Box–Muller.
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
