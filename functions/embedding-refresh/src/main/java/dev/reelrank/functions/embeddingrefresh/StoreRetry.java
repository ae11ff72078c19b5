package dev.reelrank.functions.embeddingrefresh;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Retries one store write with exponential backoff. Each write step of an event is retried on its
 * own, so a retry never repeats a step that already succeeded (counters would double). When the
 * attempts run out the failure propagates: the record is not acknowledged and the channel fails.
 */
final class StoreRetry {
    private static final Logger LOG = Logger.getLogger(StoreRetry.class);

    private final int attempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    StoreRetry(int attempts, Duration initialBackoff, Duration maxBackoff) {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1");
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    void run(String what, Runnable step) {
        long backoffMillis = Math.max(1, initialBackoff.toMillis());
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) throw e;
                LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms: %s", what, attempt, attempts, backoffMillis, e.toString());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(backoffMillis * 2, Math.max(1, maxBackoff.toMillis()));
            }
        }
    }
}
