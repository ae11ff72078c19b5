package dev.reelrank.featurestore.tiered;

import dev.reelrank.featurestore.Await;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports a dependency outage at WARNING at most once per interval and the rest at DEBUG: an
 * outage should be visible in quiet logs without one line per request.
 */
final class OutageLog {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final System.Logger log;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    OutageLog(System.Logger log) {
        this.log = log;
    }

    /** The Redis answer, or null when Redis failed or timed out (reported, never thrown). */
    <T> T resultOrNull(CompletionStage<T> call, String what) {
        try {
            return Await.result(call);
        } catch (RuntimeException e) {
            report(what, e);
            return null;
        }
    }

    void report(String what, Throwable error) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        Throwable cause = Await.unwrap(error);
        if (now - last >= INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            log.log(Level.WARNING, "Redis unavailable ({0}: {1}); falling back (further failures logged at DEBUG for 30 s)",
                    what, String.valueOf(cause));
        } else {
            log.log(Level.DEBUG, () -> "Redis unavailable (" + what + "): " + cause);
        }
    }
}
