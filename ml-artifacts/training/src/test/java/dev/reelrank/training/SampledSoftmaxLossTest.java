package dev.reelrank.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.reelrank.modelartifacts.DjlRuntime;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The loss on a case small enough to do by hand. Two users u1=(1,0), u2=(0,1); candidates
 * c0=(1,0) (u1's positive), c1=(0.6,0.8) (u2's positive), c2=(0,1) (a sampled negative);
 * temperature 0.5; logQ = [ln 0.5, ln 0.25, ln 1].
 * Row 1 logits: 1/0.5 − ln 0.5 = 2.693147, 0.6/0.5 − ln 0.25 = 2.586294, 0 − 0 = 0
 *   → loss = ln(e^2.693147 + e^2.586294 + e^0) − 2.693147 = 0.676167
 * Row 2 logits: 0 − ln 0.5 = 0.693147, 0.8/0.5 − ln 0.25 = 2.986294, 1/0.5 − 0 = 2
 *   → loss = ln(e^0.693147 + e^2.986294 + e^2) − 2.986294 = 0.387915
 * Mean 0.532041. Masking row 2's c0 drops e^0.693147: row 2 → 0.317166, mean 0.496566.
 * Without the correction (logQ = 0) the mean is 0.725648.
 */
class SampledSoftmaxLossTest {

    @Test
    void matchesTheHandComputedExampleWithLogQCorrectionAndMask() {
        DjlRuntime.forTraining();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var users = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            var videos = m.create(new float[] {1, 0, 0.6f, 0.8f, 0, 1}, new Shape(3, 2));
            var logQ = m.create(new float[] {(float) Math.log(0.5), (float) Math.log(0.25), 0f});
            var noMask = m.zeros(new Shape(2, 3));
            assertEquals(0.532041, SampledSoftmaxLoss.loss(users, videos, logQ, noMask, 0.5f).getFloat(), 1e-5);

            var mask = m.create(new float[] {0, 0, 0, 1, 0, 0}, new Shape(2, 3));
            assertEquals(0.496566, SampledSoftmaxLoss.loss(users, videos, logQ, mask, 0.5f).getFloat(), 1e-5);

            assertEquals(0.725648, SampledSoftmaxLoss.loss(users, videos, m.zeros(new Shape(3)), noMask, 0.5f).getFloat(), 1e-5);
        }
    }

    @Test
    void lossIsPositiveAndFallsWhenThePositiveScoresHigher() {
        DjlRuntime.forTraining();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var users = m.create(new float[] {1, 0}, new Shape(1, 2));
            var logQ = m.zeros(new Shape(2));
            var mask = m.zeros(new Shape(1, 2));
            float worse = SampledSoftmaxLoss.loss(users, m.create(new float[] {0, 1, 1, 0}, new Shape(2, 2)), logQ, mask, 1f).getFloat();
            float better = SampledSoftmaxLoss.loss(users, m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)), logQ, mask, 1f).getFloat();
            assertTrue(worse > better && better > 0, worse + " vs " + better);
        }
    }

    @Test
    void logQIsTheExpectedCountAmongTheCandidates() {
        // 512 rows, 256 sampled: a video with 1% of positives and 2% sampling probability is
        // expected 512*0.01 + 256*0.02 = 10.24 times.
        assertEquals(Math.log(10.24), SampledSoftmaxLoss.logQ(0.01, 0.02, 512, 256), 1e-6);
    }

    @Test
    void logQWeightScalesTheCorrection() {
        float full = SampledSoftmaxLoss.logQ(0.01, 0.02, 512, 256);
        assertEquals(full, SampledSoftmaxLoss.correction(1, 0.01, 0.02, 512, 256), 1e-6);
        assertEquals(0, SampledSoftmaxLoss.correction(0, 0.01, 0.02, 512, 256), 1e-9);
        assertEquals(1.5 * full, SampledSoftmaxLoss.correction(1.5, 0.01, 0.02, 512, 256), 1e-5);
        // A popular video loses more logit in training, so u·v must score it higher to compensate.
        assertTrue(SampledSoftmaxLoss.correction(2, 0.05, 0.04, 512, 256) > SampledSoftmaxLoss.correction(2, 0.001, 0.002, 512, 256));
    }

    @Test
    void aliasSamplerFollowsItsWeights() {
        var s = new NegativeSampler(new double[] {1, 0, 3}, RandomSource.SPLIT_MIX_64.create(1L));
        assertEquals(0.25, s.probability(0), 1e-12);
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) counts[s.sample()]++;
        assertEquals(0, counts[1]);
        assertEquals(0.75, counts[2] / 100_000.0, 0.01);
    }
}
