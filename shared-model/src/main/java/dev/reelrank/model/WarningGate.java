package dev.reelrank.model;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one WARNING through per interval, so a condition that hits every request (a dependency down,
 * an overloaded function) stays visible in quiet logs without one line per request.
 */
public final class WarningGate {
    private final long intervalNanos;
    private final AtomicLong last;

    public WarningGate(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** True for the first call of each interval (and for one caller only when several race). */
    public boolean open() {
        long now = System.nanoTime(), previous = last.get();
        return now - previous >= intervalNanos && last.compareAndSet(previous, now);
    }
}
