package dev.reelrank.pipeline.world;

/**
 * The ground truth of the generated world: how much a user likes a video at a time. Behaviour is
 * drawn from it, and the evaluator's oracle reads it back from the truth files, so both use this
 * one formula:
 *
 * <pre>
 * affinity(u, v, t) = quality(v) × (0.8 × I_u(t)[primary(v)] + 0.2 × I_u(t)[secondary(v)]) × (same language ? 1 : 0.35)
 * I_u(t) = (1 − λ) × topics_start(u) + λ × topics_end(u),  λ = (t − start) / span clamped to [0, 1]
 * </pre>
 * Interest weights of a user sum to 1, so affinity lies in [0, 1].
 */
public final class AffinityModel {
    public static final double PRIMARY = 0.8, SECONDARY = 0.2, OTHER_LANGUAGE = 0.35;
    public static final String FORMULA = "quality(v) * (0.8 * I_u(t)[primary(v)] + 0.2 * I_u(t)[secondary(v)])"
            + " * (language(u) == language(v) ? 1 : 0.35); I_u(t) = (1 - lambda) * topics_start(u) + lambda * topics_end(u),"
            + " lambda = clamp((t - start) / span, 0, 1)";

    private AffinityModel() {}

    public static double affinity(double quality, double interestPrimary, double interestSecondary, boolean sameLanguage) {
        return quality * (PRIMARY * interestPrimary + SECONDARY * interestSecondary) * (sameLanguage ? 1 : OTHER_LANGUAGE);
    }

    public static double lambda(long timeMs, long startMs, long spanMs) {
        return Math.max(0, Math.min(1, (double) (timeMs - startMs) / spanMs));
    }

    /**
     * Fills {@code dense} (one slot per topic, all zero on entry) with a user's interests at time λ.
     * Returns nothing; callers clear the same slots afterwards with {@link #clear}.
     */
    public static void interests(float[] dense, short[] topics, float[] start, float[] end, int from, int to, double lambda) {
        for (int i = from; i < to; i++) dense[topics[i]] += (float) ((1 - lambda) * start[i] + lambda * end[i]);
    }

    public static void clear(float[] dense, short[] topics, int from, int to) {
        for (int i = from; i < to; i++) dense[topics[i]] = 0;
    }
}
