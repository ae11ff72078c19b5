package dev.reelrank.vectorindex;

/** Small vector helpers shared by the adapters (the index contract is inner product on unit vectors). */
public final class Vectors {
    private Vectors() {}

    /**
     * A unit-length copy of {@code v}. Embeddings are published normalized, but a drift of a
     * few ulps (or a producer that forgot) would silently bias inner-product scores, so every
     * adapter normalizes on the way in; normalizing a unit vector is a no-op.
     */
    public static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) throw new IllegalArgumentException("vector has a non-finite component");
            sum += (double) x * x;
        }
        if (sum == 0) throw new IllegalArgumentException("vector has zero length and cannot be normalized");
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }
}
