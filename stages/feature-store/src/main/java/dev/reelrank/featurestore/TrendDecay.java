package dev.reelrank.featurestore;

import java.time.Duration;
import java.util.Objects;

/**
 * How readers find and score the streaming features job's decayed trending sets
 * ({@code <keyPrefix><scope>}, e.g. {@code trend-decay:global}, {@code trend-decay:BR}). A member's
 * score is the forward-decay log-score {@code L = log2 Σ w_i · 2^(t_i/h)} (see the job's
 * {@code ForwardDecay}), so the set is in decayed order at any time without rewrites, and the
 * decayed engagement at {@code T} is {@code 2^(L - T/h)} ({@link #decayed}; the Redis reads are
 * {@link dev.reelrank.featurestore.redis.RedisFeatures#topDecayed} and
 * {@link dev.reelrank.featurestore.redis.RedisSignals#decayedTrending}).
 *
 * @param keyPrefix the job's {@code reelrank.streaming.trending-key-prefix}
 * @param halfLife  the job's {@code reelrank.streaming.half-life}; the conversion is only right with
 *                  the job's own value: a longer one makes every score overflow, a shorter one makes
 *                  every score 0 (order, which Redis gives, survives either way)
 */
public record TrendDecay(String keyPrefix, Duration halfLife) {

    public TrendDecay {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(halfLife, "halfLife");
        if (keyPrefix.isBlank()) throw new IllegalArgumentException("keyPrefix must not be blank");
        if (halfLife.toMillis() < 1) throw new IllegalArgumentException("halfLife must be >= 1 ms");
    }

    /** The job's defaults. */
    public static TrendDecay defaults() {
        return new TrendDecay("trend-decay:", Duration.ofHours(1));
    }

    public String key(String scope) {
        return keyPrefix + scope;
    }

    /**
     * {@code 2^(L - now/h)}, with the exponent formed first: {@code 2^L} and {@code 2^(now/h)} each
     * overflow a double (both exponents are about 5·10^5 with h = 1 h), their ratio does not. A
     * score past the double range (a clock far behind the job's, or a longer half-life than its)
     * is capped at the largest double, so callers never see infinity.
     */
    public static double decayed(double logScore, long nowMillis, long halfLifeMillis) {
        double score = Math.pow(2, logScore - (double) nowMillis / halfLifeMillis);
        return Math.min(score, Double.MAX_VALUE);
    }
}
