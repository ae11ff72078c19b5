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
 * the consumers. Starts "up": only failed probes, never a guess, make it refuse, and only
 * {@code failuresToDown} of them in a row ({@code reelrank.ingestion.kafka.liveness-failures}): on a
 * loaded machine one probe can miss its timeout with the broker up, and refusing on that alone sent
 * 503s for seconds with Kafka healthy (issue 21). One answered probe makes it accept again.
 */
public final class BrokerLiveness {
    private final int failuresToDown;
    private volatile String downReason;
    // Written only by the probe's single thread; volatile for the tests' and diagnostics' readers.
    private volatile int failuresInARow;
    // One signal per waiting request, removed when it is answered, so nothing piles up while Kafka is healthy.
    private final Set<CompletableFuture<String>> waiting = ConcurrentHashMap.newKeySet();

    public BrokerLiveness(int failuresToDown) {
        if (failuresToDown < 1) throw new IllegalArgumentException("liveness-failures must be >= 1, not " + failuresToDown);
        this.failuresToDown = failuresToDown;
    }

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

    /**
     * A probe got no answer. At the {@code failuresToDown}-th in a row: refuse from now on, and
     * answer the requests still waiting. Returns whether this failure turned it down.
     */
    public boolean probeFailed(String reason) {
        if (++failuresInARow < failuresToDown) return false;
        boolean wasUp = downReason == null;
        downReason = reason;
        for (var signal : waiting) signal.complete(reason);
        return wasUp;
    }

    /** A probe got an answer: accept again, and count failures from zero. */
    public void probeAnswered() {
        failuresInARow = 0;
        downReason = null;
    }

    /** Requests waiting for an acknowledgement (for tests and diagnostics). */
    int waitingCount() {
        return waiting.size();
    }
}
