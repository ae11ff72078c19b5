package dev.reelrank.functions.eventingestion;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether Kafka is known to be unreachable right now, as last seen by {@link BrokerLivenessProbe}.
 * While it is, a request is refused with 503 + Retry-After at once instead of waiting out
 * {@code reelrank.ingestion.ack-timeout} for an acknowledgement that cannot come; requests already
 * waiting are answered 503 as soon as it turns down ({@link #watch()}). Refusing is never a loss:
 * the client retries with the same ids, and a record that still reaches the log is de-duplicated by
 * the consumers. Starts "up": only a failed probe, never a guess, makes it refuse.
 */
public final class BrokerLiveness {
    private volatile String downReason;
    // One signal per waiting request, removed when it is answered, so nothing piles up while Kafka is healthy.
    private final Set<CompletableFuture<String>> waiting = ConcurrentHashMap.newKeySet();

    /** The reason it is down, or null while Kafka is not known to be unreachable. */
    public String downReason() {
        return downReason;
    }

    /**
     * A signal that completes with the reason when Kafka is seen unreachable (at once if it already
     * is); {@link #unwatch} it once the request is answered.
     */
    public CompletableFuture<String> watch() {
        var signal = new CompletableFuture<String>();
        waiting.add(signal);
        String reason = downReason;
        if (reason != null) signal.complete(reason);
        return signal;
    }

    public void unwatch(CompletableFuture<String> signal) {
        waiting.remove(signal);
    }

    /** A probe failed: refuse from now on, and answer the requests still waiting. */
    public void markDown(String reason) {
        downReason = reason;
        for (var signal : waiting) signal.complete(reason);
    }

    /** A probe succeeded: accept again. */
    public void markUp() {
        downReason = null;
    }

    /** Requests waiting for an acknowledgement (for tests and diagnostics). */
    int waitingCount() {
        return waiting.size();
    }
}
