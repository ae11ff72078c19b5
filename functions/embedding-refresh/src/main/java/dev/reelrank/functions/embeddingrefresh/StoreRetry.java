package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.featurestore.StoreFailures;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries one store call with exponential backoff while the store is unavailable. Each write step
 * of a batch is retried on its own, so a retry never repeats a step that already succeeded
 * (counters would double). A failure the store will give again on every attempt (see
 * {@link StoreFailures#isPermanent}) is thrown at once, for the caller to dead-letter; an outage is
 * waited out: with {@code attempts} 0 for as long as it lasts (the consumer pauses, nothing is
 * skipped), else until the attempts run out and the failure propagates (the batch is not
 * acknowledged).
 *
 * <p>Kept rather than SmallRye Fault Tolerance's {@code Guard} (6.10, in Quarkus's BOM): it can
 * express this retry (maxRetries -1, maxDuration 0, exponential backoff without jitter, a
 * {@code whenException} predicate) but its {@code beforeRetry} hook sees only the exception, not the
 * call's attempt number and current delay this class logs by, it ends an interrupted sleep with a
 * checked {@code InterruptedException} instead of the store's failure, and outside a CDI container
 * (FeatureRefresherTest) it needs its standalone artifact besides the extension this function does
 * not otherwise use.
 */
final class StoreRetry {
    private static final Logger LOG = Logger.getLogger(StoreRetry.class);

    private final int attempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    /** Counted down by {@link #stop}: wakes the waiting retries, which then give up. */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    /** @param attempts 0 = retry an outage until it ends */
    StoreRetry(int attempts, Duration initialBackoff, Duration maxBackoff) {
        if (attempts < 0) throw new IllegalArgumentException("attempts must be >= 0");
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * From now on a failure is thrown at once, and a retry waiting out its backoff gives up: the
     * function is shutting down, its store session is about to close, and a write that did not
     * happen is redelivered to the next consumer (its batch is not acknowledged).
     */
    void stop() {
        stopped.countDown();
    }

    boolean stopped() {
        return stopped.getCount() == 0;
    }

    void run(String what, Runnable step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }

    <T> T call(String what, Supplier<T> step) {
        long backoffMillis = Math.max(1, initialBackoff.toMillis());
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (StoreFailures.isPermanent(e) || (attempts > 0 && attempt >= attempts) || stopped()) throw e;
                // The first failures of an outage are routine (a timeout, a node restarting); say so once it lasts.
                if (attempt == 3 || attempt % 20 == 0) {
                    LOG.warnf("%s failed %d times, retrying every %d ms until the store answers: %s", what, attempt, backoffMillis, e.toString());
                } else {
                    LOG.debugf("%s failed (attempt %d), retrying in %d ms: %s", what, attempt, backoffMillis, e.toString());
                }
                try {
                    if (stopped.await(backoffMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) throw e;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(backoffMillis * 2, Math.max(1, maxBackoff.toMillis()));
            }
        }
    }
}
