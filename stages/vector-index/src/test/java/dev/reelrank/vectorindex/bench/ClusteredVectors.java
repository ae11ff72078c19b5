package dev.reelrank.vectorindex.bench;

import java.util.SplittableRandom;

/**
 * Seeded synthetic embeddings shaped like learned ones: unit vectors scattered around
 * {@code clusters} random centroids whose sizes follow a power law (a few huge topics, a long
 * tail). Isotropic Gaussian noise is the worst case for ANN; real embeddings cluster, so this is
 * closer to what the index will serve, and identical for every library in one run.
 */
public final class ClusteredVectors {
    private final int dim;
    private final float spread;
    private final float[][] centroids;
    private final double[] cumulativeWeight;

    /**
     * @param spread   noise norm relative to the (unit) centroid: 0.5 keeps clusters distinct
     *                 but overlapping
     * @param exponent power-law exponent of cluster sizes (weight of cluster i ∝ 1/(i+1)^exponent)
     */
    public ClusteredVectors(int dim, int clusters, float spread, double exponent, long seed) {
        this.dim = dim;
        this.spread = spread;
        var rnd = new SplittableRandom(seed);
        centroids = new float[clusters][];
        cumulativeWeight = new double[clusters];
        double total = 0;
        for (int c = 0; c < clusters; c++) {
            centroids[c] = unit(gaussian(rnd, dim, 1f));
            total += 1 / Math.pow(c + 1, exponent);
            cumulativeWeight[c] = total;
        }
        for (int c = 0; c < clusters; c++) cumulativeWeight[c] /= total;
    }

    /** {@code n} vectors in one flat row-major array; the same seed gives the same vectors. */
    public float[] generate(int n, long seed) {
        var rnd = new SplittableRandom(seed);
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            float[] c = centroids[pick(rnd.nextDouble())];
            float[] noise = gaussian(rnd, dim, spread / (float) Math.sqrt(dim));
            for (int j = 0; j < dim; j++) noise[j] += c[j];
            System.arraycopy(unit(noise), 0, out, i * dim, dim);
        }
        return out;
    }

    private int pick(double u) {
        int lo = 0, hi = cumulativeWeight.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeWeight[mid] < u) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static float[] gaussian(SplittableRandom rnd, int dim, float sigma) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j += 2) {
            // Box-Muller, two normals per pair of uniforms.
            double u1 = 1 - rnd.nextDouble(), u2 = rnd.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            v[j] = (float) (sigma * r * Math.cos(2 * Math.PI * u2));
            if (j + 1 < dim) v[j + 1] = (float) (sigma * r * Math.sin(2 * Math.PI * u2));
        }
        return v;
    }

    static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        float inv = (float) (1 / Math.sqrt(s));
        for (int j = 0; j < v.length; j++) v[j] *= inv;
        return v;
    }
}
