package dev.reelrank.training;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;

/**
 * The trainer's popularity-sampled negatives: video i is drawn with probability weight(i) / sum
 * (Apache Commons RNG's alias method, O(1) a draw, bound to the trainer's seeded stream), and
 * {@link #probability} gives that probability back for the logQ correction.
 */
final class NegativeSampler {
    private final DiscreteSampler sampler;
    private final double[] probability;

    /** @param weights non-negative, at least one positive */
    NegativeSampler(double[] weights, UniformRandomProvider random) {
        sampler = AliasMethodDiscreteSampler.of(random, weights);
        double sum = 0;
        for (double w : weights) sum += w;
        probability = new double[weights.length];
        for (int i = 0; i < weights.length; i++) probability[i] = weights[i] / sum;
    }

    int sample() {
        return sampler.sample();
    }

    double probability(int i) {
        return probability[i];
    }
}
