package dev.reelrank.featurestore;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the recent "not interested" in Redis
 * ({@link dev.reelrank.featurestore.redis.RedisNegativeFeedback}).
 *
 * @param timeout    how long one record or read may take before the caller gives up on it: the
 *                   ingestion answers 202 without it, the feed uses the folded lists alone; so it
 *                   bounds what a slow Redis adds to either request
 * @param ttl        expiry of a user's set, refreshed by each write: only a backstop for the stream
 *                   consumer's fold, so it must outlast the worst backlog that fold may have
 * @param maxEntries suppressions kept per user, the oldest dropped first; the fold keeps its own
 *                   bounded lists, so this only caps what one user's feed reads each request
 * @param maxWatched recently watched videos kept per user (a set of their own, so a binge cannot
 *                   push a "not interested" out); only what the fold has not caught up with
 *                   matters here, so far fewer than the fold's watched list
 */
public record NegativeFeedbackConfig(Duration timeout, Duration ttl, int maxEntries, int maxWatched) {

    public NegativeFeedbackConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(ttl, "ttl");
        if (timeout.toMillis() <= 0) throw new IllegalArgumentException("timeout must be >= 1 ms");
        if (ttl.toMillis() <= 0) throw new IllegalArgumentException("ttl must be >= 1 ms");
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1");
        if (maxWatched < 1) throw new IllegalArgumentException("maxWatched must be >= 1");
    }

    public NegativeFeedbackConfig(Duration timeout, Duration ttl, int maxEntries) {
        this(timeout, ttl, maxEntries, defaults().maxWatched());
    }

    /** 500 entries: as many as the fold keeps by default (UserFeatureUpdater's suppressLimit); 200 watched. */
    public static NegativeFeedbackConfig defaults() {
        return new NegativeFeedbackConfig(Duration.ofMillis(250), Duration.ofDays(7), 500, 200);
    }

    public NegativeFeedbackConfig withTimeout(Duration timeout) {
        return new NegativeFeedbackConfig(timeout, ttl, maxEntries, maxWatched);
    }
}
