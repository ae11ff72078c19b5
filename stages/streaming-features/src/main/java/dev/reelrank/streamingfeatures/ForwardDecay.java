package dev.reelrank.streamingfeatures;

/**
 * Exponentially decayed engagement with forward decay, kept in log space.
 *
 * <p>A video's decayed score at time {@code T} is {@code S(T) = Σ w_i · 2^(-(T - t_i)/h)} over its
 * events (weight {@code w_i > 0} at time {@code t_i}, half-life {@code h}). Forward decay writes it as
 * {@code S(T) = 2^(-T/h) · Σ w_i · 2^(t_i/h)}: the sum no longer depends on {@code T}, and the factor
 * in front is the same for every video, so ordering by the sum is ordering by the decayed score at
 * any time. A sorted set can therefore hold the sums and stay in decayed order without rewriting
 * the members that had no new events.
 *
 * <p>{@code 2^(t/h)} overflows a double after about 1000 half-lives from the landmark (six weeks
 * with h = 1 h), so we keep {@code L = log2 Σ w_i · 2^(t_i/h)} instead (landmark: the Unix epoch),
 * which is about {@code t/h} (4·10^5 for h = 1 h today, far from double precision limits). Then
 * {@code S(T) = 2^(L - T/h)} and order by {@code L} is order by {@code S(T)}. Adding an event is a
 * log-sum-exp. Only positive weights are supported (a log cannot hold a negative sum); negative
 * feedback is left out of trending.
 *
 * <p>Pure arithmetic, no Flink imports.
 */
public final class ForwardDecay {
    /** The log-score of an empty sum. */
    public static final double EMPTY = Double.NEGATIVE_INFINITY;

    private final double halfLifeMillis;

    public ForwardDecay(long halfLifeMillis) {
        if (halfLifeMillis <= 0) throw new IllegalArgumentException("half-life must be > 0 ms: " + halfLifeMillis);
        this.halfLifeMillis = halfLifeMillis;
    }

    /** The log-score after adding {@code weight} at {@code atMillis} to {@code logScore}; weights <= 0 add nothing. */
    public double add(double logScore, double weight, long atMillis) {
        if (!(weight > 0)) return logScore;
        double term = atMillis / halfLifeMillis + Math.log(weight) / Math.log(2);
        return logSumExp2(logScore, term);
    }

    /** The decayed score {@code S(T)} at {@code nowMillis}. */
    public double decayed(double logScore, long nowMillis) {
        if (logScore == EMPTY) return 0;
        return Math.pow(2, logScore - nowMillis / halfLifeMillis);
    }

    /** {@code log2(2^a + 2^b)} without overflow. */
    static double logSumExp2(double a, double b) {
        if (a == EMPTY) return b;
        if (b == EMPTY) return a;
        double hi = Math.max(a, b), lo = Math.min(a, b);
        return hi + Math.log1p(Math.pow(2, lo - hi)) / Math.log(2);
    }
}
