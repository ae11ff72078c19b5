package dev.reelrank.vectorindex.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactScanTest {
    @Test
    void vectorApiTopKMatchesAScalarSort() {
        // 70 dims: not a multiple of any SIMD width, so the scalar tail runs too.
        int n = 3000, dim = 70;
        var gen = new ClusteredVectors(dim, 30, 0.5f, 1.0, 1);
        float[] data = gen.generate(n, 2);
        float[] q = gen.generate(1, 3);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < dim; j++) s += (double) data[i * dim + j] * q[j];
            scores[i] = s;
        }
        int[] expected = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> -scores[i]))
                .limit(50).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, new ExactScan(data, dim).topK(q, 50));
    }

    @Test
    void generatedVectorsAreUnitAndSeeded() {
        var gen = new ClusteredVectors(64, 10, 0.5f, 1.0, 5);
        float[] a = gen.generate(100, 9);
        assertArrayEquals(a, new ClusteredVectors(64, 10, 0.5f, 1.0, 5).generate(100, 9));
        for (int i = 0; i < 100; i++) {
            double s = 0;
            for (float x : Arrays.copyOfRange(a, i * 64, (i + 1) * 64)) s += x * x;
            assertEquals(1.0, s, 1e-4);
        }
    }
}
