package dev.reelrank.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedSamplerTest {
    private static int[] draws(WeightedSampler s, long seed, int n) {
        var random = new SplittableRandom(seed);
        int[] counts = new int[s.size()];
        for (int i = 0; i < n; i++) counts[s.sample(random)]++;
        return counts;
    }

    @Test
    void zipfOneGivesRankRAShareOfOneOverRPlusOne() {
        int n = 1000, draws = 200_000;
        int[] counts = draws(WeightedSampler.zipf(n, 1.0), 7, draws);
        double harmonic = 0;
        for (int r = 1; r <= n; r++) harmonic += 1.0 / r;
        // The heaviest user asks about 13 % of the time, the tenth a tenth of that.
        assertEquals(1 / harmonic, counts[0] / (double) draws, 0.005);
        assertEquals(10.0, counts[0] / (double) counts[9], 1.5);
        assertEquals(WeightedSampler.zipf(n, 1.0).shareOfFirst(10), sum(counts, 10) / (double) draws, 0.01);
    }

    @Test
    void aLargerExponentIsMoreSkewedAndZeroIsUniform() {
        int n = 500, draws = 100_000;
        double top = WeightedSampler.zipf(n, 1.2).shareOfFirst(5);
        assertEquals(top, sum(draws(WeightedSampler.zipf(n, 1.2), 1, draws), 5) / (double) draws, 0.01);
        assertEquals(true, top > WeightedSampler.zipf(n, 1.0).shareOfFirst(5));
        int[] uniform = draws(WeightedSampler.zipf(n, 0), 1, draws);
        for (int c : uniform) assertEquals(draws / (double) n, c, 70); // ~5 standard deviations of 200
    }

    @Test
    void theSameSeedDrawsTheSameSequence() {
        var s = WeightedSampler.zipf(10_000, 1.0);
        assertArrayEquals(draws(s, 42, 5000), draws(s, 42, 5000));
        var a = new SplittableRandom(3);
        var b = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) assertEquals(s.sample(a), s.sample(b));
    }

    @Test
    void zeroWeightsAreNeverDrawn() {
        int[] counts = draws(new WeightedSampler(new double[] {0, 3, 0, 0, 1, 0}), 5, 40_000);
        assertEquals(0, counts[0] + counts[2] + counts[3] + counts[5]);
        assertEquals(3.0, counts[1] / (double) counts[4], 0.2);
        assertThrows(IllegalArgumentException.class, () -> new WeightedSampler(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> WeightedSampler.zipf(3, -1));
    }

    private static long sum(int[] counts, int k) {
        long s = 0;
        for (int i = 0; i < k; i++) s += counts[i];
        return s;
    }
}
