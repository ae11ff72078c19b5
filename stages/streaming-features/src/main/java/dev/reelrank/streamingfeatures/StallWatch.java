package dev.reelrank.streamingfeatures;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells whether the embedded job has stopped making progress: no checkpoint completed within
 * {@code timeout} of the later of the watch's start and the newest checkpoint. A healthy job
 * completes one every {@code checkpoint-interval}; one that cannot (an embedded cluster whose only
 * TaskManager is gone, a task that never comes back) would otherwise sit in a live process forever,
 * which no supervisor restarts. Exiting lets it restart from the last checkpoint, exactly once.
 */
final class StallWatch {
    private final Supplier<Optional<Instant>> newestCheckpoint;
    private final Duration timeout;
    private final Instant started;

    StallWatch(Supplier<Optional<Instant>> newestCheckpoint, Duration timeout, Instant started) {
        this.newestCheckpoint = newestCheckpoint;
        this.timeout = timeout;
        this.started = started;
    }

    /** True once nothing was checkpointed for longer than the timeout; never with a zero timeout. */
    boolean stalled(Instant now) {
        if (timeout.isZero()) return false;
        Instant since = newestCheckpoint.get().filter(started::isBefore).orElse(started);
        return Duration.between(since, now).compareTo(timeout) > 0;
    }
}
