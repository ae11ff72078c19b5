package dev.reelrank.featurestore.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Refuses Redis calls at once for {@code open} after {@code failures} calls in a row failed (a
 * timeout included); the first calls after that go through again, and one success closes it.
 *
 * <p>Without it every call during an outage waited out its timeout, and each left a command in the
 * client's queue of waiting commands (quarkus.redis.max-pool-waiting) that ran when Redis answered
 * again: a slow Redis's return sent that backlog at once, and feeds stalled behind it (issue 21,
 * the slow-Redis row). Callers already treat a failed call as "Redis unavailable" and fall back.
 */
public final class RedisBreaker {
    /** A call refused while the breaker is open: Redis was not asked. */
    public static final class Open extends RuntimeException {
        Open(String message) {
            super(message, null, false, false);
        }
    }

    private final int failures;
    private final long openNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger inARow = new AtomicInteger();
    /** 0 while closed; else the nanoTime until which calls are refused. */
    private volatile long openUntil;

    /**
     * @param failures calls failed in a row that open it; 0 never opens
     * @param open     how long it then refuses calls
     */
    public RedisBreaker(int failures, Duration open) {
        this(failures, open, System::nanoTime);
    }

    RedisBreaker(int failures, Duration open, LongSupplier nanoTime) {
        if (failures < 0) throw new IllegalArgumentException("failures must be >= 0");
        Objects.requireNonNull(open, "open");
        if (open.isNegative()) throw new IllegalArgumentException("open must be >= 0");
        this.failures = failures;
        this.openNanos = open.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Never opens. */
    public static RedisBreaker off() {
        return new RedisBreaker(0, Duration.ZERO);
    }

    /** The call's result, or a failed stage without calling while open. */
    public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        long until = openUntil;
        if (until != 0 && nanoTime.getAsLong() - until < 0) {
            return CompletableFuture.failedFuture(new Open("Redis failed " + failures + " calls in a row; not asked for "
                    + Duration.ofNanos(openNanos).toMillis() + " ms"));
        }
        // The stage returned is the one that counts the outcome, so the caller sees it counted: the next
        // call after a failure that opened the breaker is refused.
        return call.get().whenComplete((value, error) -> {
            if (error == null) succeeded();
            else failed();
        });
    }

    /** Whether calls are refused now. */
    public boolean isOpen() {
        long until = openUntil;
        return until != 0 && nanoTime.getAsLong() - until < 0;
    }

    private void succeeded() {
        if (inARow.get() != 0) inARow.set(0);
        if (openUntil != 0) openUntil = 0;
    }

    private void failed() {
        if (failures == 0 || openNanos == 0) return;
        if (inARow.incrementAndGet() >= failures) {
            inARow.set(0);
            long until = nanoTime.getAsLong() + openNanos;
            openUntil = until == 0 ? 1 : until; // 0 means closed
        }
    }
}
