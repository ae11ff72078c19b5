package dev.reelrank.model.ranking.drift;

/**
 * Population stability index of two distributions over the same bins:
 * {@code PSI = Σ (live − ref) · ln(live / ref)}. Every term is ≥ 0, so PSI is 0 only for identical
 * shares. Rule of thumb: below 0.1 stable, 0.1–0.2 moderate, above 0.2 a shift worth a look.
 *
 * <p>An empty bin on either side would make a term infinite; shares are floored at {@code epsilon}
 * first, which bounds one empty bin's contribution instead of letting it hide every other bin.
 */
public final class Psi {
    private Psi() {}

    public static double psi(double[] reference, double[] live, double epsilon) {
        if (reference.length != live.length) {
            throw new IllegalArgumentException(reference.length + " reference bins, " + live.length + " live bins");
        }
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = Math.max(reference[i], epsilon), l = Math.max(live[i], epsilon);
            sum += (l - r) * Math.log(l / r);
        }
        return sum;
    }

    /** Counts as shares of their total; all zeros for no counts. */
    public static double[] shares(long[] counts) {
        long total = 0;
        for (long c : counts) total += c;
        double[] out = new double[counts.length];
        if (total == 0) return out;
        for (int i = 0; i < counts.length; i++) out[i] = (double) counts[i] / total;
        return out;
    }
}
