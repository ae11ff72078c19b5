package dev.reelrank.featurestore.tiered;

import dev.reelrank.featurestore.Await;
import dev.reelrank.model.WarningGate;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Reports a dependency outage at WARNING at most once per interval and the rest at DEBUG: an
 * outage should be visible in quiet logs without one line per request.
 */
final class OutageLog {
    private final System.Logger log;
    private final WarningGate warnings = new WarningGate(Duration.ofSeconds(30));

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
        Throwable cause = Await.unwrap(error);
        if (warnings.open()) {
            log.log(Level.WARNING, "Redis unavailable ({0}: {1}); falling back (further failures logged at DEBUG for 30 s)",
                    what, String.valueOf(cause));
        } else {
            log.log(Level.DEBUG, () -> "Redis unavailable (" + what + "): " + cause);
        }
    }
}
