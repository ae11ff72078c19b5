package dev.reelrank.model;

import java.util.random.RandomGenerator;

/**
 * Draws from Beta(a, b) for a, b ≥ 1 (the click posteriors of {@link ThompsonExploration}, whose
 * prior is Beta(1, 1)) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), each drawn by Marsaglia and
 * Tsang's squeeze method: a handful of operations per draw, with counts in the millions too.
 */
final class BetaSampler {
    private BetaSampler() {}

    static double beta(RandomGenerator random, double a, double b) {
        double x = gamma(random, a), y = gamma(random, b);
        return x / (x + y);
    }

    /** Gamma(shape, 1) for shape ≥ 1. */
    static double gamma(RandomGenerator random, double shape) {
        if (!(shape >= 1)) throw new IllegalArgumentException("shape must be >= 1, was " + shape);
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = random.nextGaussian(), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = random.nextDouble();
            // The cheap squeeze accepts almost every draw without the logarithms.
            if (u < 1 - 0.0331 * z * z * z * z) return d * v;
            if (Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
        }
    }
}
