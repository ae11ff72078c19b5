package dev.reelrank.pipeline.world;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams: one per (purpose, index), so a user's attributes and
 * behaviour do not depend on how users are split among threads.
 */
public final class Seeds {
    public static final long CATALOGUE = 1, USERS = 2, BEHAVIOUR = 3;

    private Seeds() {}

    public static SplittableRandom stream(long seed, long purpose, long index) {
        long h = seed ^ (purpose * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL + purpose);
        h ^= h >>> 33; h *= 0xff51afd7ed558ccdL; h ^= h >>> 33; h *= 0xc4ceb9fe1a85ec53L; h ^= h >>> 33;
        return new SplittableRandom(h);
    }

    public static double gaussian(SplittableRandom r) {
        // Box–Muller; SplittableRandom has no nextGaussian on every JDK path we need.
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
