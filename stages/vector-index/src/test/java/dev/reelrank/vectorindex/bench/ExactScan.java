package dev.reelrank.vectorindex.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Brute-force inner-product top-K over a flat row-major array with the Vector API: the ground
 * truth for recall and the baseline an ANN index must beat to be worth its build time.
 */
public final class ExactScan {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private final float[] data;
    private final int dim;
    private final int n;

    public ExactScan(float[] data, int dim) {
        if (data.length % dim != 0) throw new IllegalArgumentException("data length is not a multiple of dim");
        this.data = data;
        this.dim = dim;
        this.n = data.length / dim;
    }

    /** Ids of the top {@code k} by inner product, best first. */
    public int[] topK(float[] q, int k) {
        var top = new TopK(k);
        int upper = SPECIES.loopBound(dim);
        for (int i = 0, base = 0; i < n; i++, base += dim) {
            float s = dot(q, base, upper);
            if (s > top.min()) top.offer(i, s);
        }
        return top.idsBestFirst();
    }

    private float dot(float[] q, int base, int upper) {
        var acc = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j < upper; j += SPECIES.length()) {
            acc = FloatVector.fromArray(SPECIES, data, base + j).fma(FloatVector.fromArray(SPECIES, q, j), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < dim; j++) s += data[base + j] * q[j];
        return s;
    }

    /** A bounded min-heap on primitive arrays (no boxing on the hot path). */
    static final class TopK {
        private final int[] ids;
        private final float[] scores;
        private int size;

        TopK(int k) {
            ids = new int[k];
            scores = new float[k];
        }

        float min() {
            return size < ids.length ? Float.NEGATIVE_INFINITY : scores[0];
        }

        void offer(int id, float score) {
            if (size < ids.length) {
                int i = size++;
                ids[i] = id;
                scores[i] = score;
                siftUp(i);
            } else if (score > scores[0]) {
                ids[0] = id;
                scores[0] = score;
                siftDown(0);
            }
        }

        int[] idsBestFirst() {
            int[] out = new int[size];
            int[] hid = ids.clone();
            float[] hs = scores.clone();
            int hsize = size;
            for (int i = size - 1; i >= 0; i--) {
                out[i] = ids[0];
                ids[0] = ids[--size];
                scores[0] = scores[size];
                siftDown(0);
            }
            System.arraycopy(hid, 0, ids, 0, hid.length);
            System.arraycopy(hs, 0, scores, 0, hs.length);
            size = hsize;
            return out;
        }

        private void siftUp(int i) {
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (scores[p] <= scores[i]) break;
                swap(i, p);
                i = p;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < size && scores[l] < scores[m]) m = l;
                if (r < size && scores[r] < scores[m]) m = r;
                if (m == i) return;
                swap(i, m);
                i = m;
            }
        }

        private void swap(int a, int b) {
            int t = ids[a]; ids[a] = ids[b]; ids[b] = t;
            float s = scores[a]; scores[a] = scores[b]; scores[b] = s;
        }
    }
}
