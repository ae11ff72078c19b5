package dev.reelrank.featurestore;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code permits} async calls outstanding across every caller of one instance; the rest
 * wait in arrival order. {@link BoundedParallel} bounds one batch; this bounds a process: 32
 * concurrent Rank calls, each reading its 128 videos at once with three statements apiece, put
 * ~12,000 requests on the driver's one connection, which fails what exceeds its 1,024 in-flight
 * ("No connection was available") instead of queueing it.
 *
 * <p>Waiting is bounded too, in length and in time: a call finding {@code maxQueued} others
 * waiting, or still waiting after {@code maxWait}, fails at once with {@link Refused}, and its
 * caller's fallback answers. Unbounded, the queue is where a rush of reads went after Redis came
 * back empty (every video a miss, all of them to Cassandra): Rank calls waited seconds behind each
 * other, long after their callers had given up on them, and feeds failed (issue 21). A waiter
 * whose result is already complete (refused, or cancelled by its caller) is skipped, not run.
 *
 * <p>Public only for the feature store's {@code cassandra}, {@code redis} and {@code tiered}
 * packages: not part of the stage's API.
 */
public final class AsyncGate {
    /** Why a call was not run: the queue was full, or its wait ran out. No stack trace: it is an answer, not a bug. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs a task once after a delay (the system's delayed executor; a hand-driven one in tests). */
    public interface Timer {
        void schedule(Runnable task, Duration after);

        Timer SYSTEM = (task, after) -> CompletableFuture.delayedExecutor(after.toNanos(), TimeUnit.NANOSECONDS).execute(task);
    }

    private record Waiter(Runnable start, CompletableFuture<?> result) {}

    private final int permits;
    private final int maxQueued;
    private final Duration maxWait;
    private final Timer timer;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private int running;

    public AsyncGate(int permits, int maxQueued, Duration maxWait) {
        this(permits, maxQueued, maxWait, Timer.SYSTEM);
    }

    public AsyncGate(int permits, int maxQueued, Duration maxWait, Timer timer) {
        if (permits < 1) throw new IllegalArgumentException("permits must be >= 1");
        if (maxQueued < 0) throw new IllegalArgumentException("maxQueued must be >= 0");
        if (maxWait.isNegative() || maxWait.isZero()) throw new IllegalArgumentException("maxWait must be > 0");
        this.permits = permits;
        this.maxQueued = maxQueued;
        this.maxWait = maxWait;
        this.timer = timer;
    }

    /**
     * {@code call} runs now if a permit is free, else once one is; the permit is held until its
     * stage ends. The result fails with {@link Refused} when the queue is full or the wait exceeds
     * {@code maxWait}; cancelling the result before the call started keeps it from starting.
     */
    public <T> CompletionStage<T> submit(Supplier<? extends CompletionStage<T>> call) {
        var result = new CompletableFuture<T>();
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                release();
                result.completeExceptionally(e);
                return;
            }
            stage.whenComplete((value, error) -> {
                release();
                if (error != null) result.completeExceptionally(Await.unwrap(error));
                else result.complete(value);
            });
        };
        Waiter waiter = null;
        boolean now, full = false;
        synchronized (this) {
            now = running < permits;
            if (now) running++;
            else if (waiting.size() >= maxQueued) full = true;
            else waiting.add(waiter = new Waiter(start, result));
        }
        if (now) start.run();
        else if (full) result.completeExceptionally(new Refused(maxQueued + " calls already waiting for one of " + permits + " permits"));
        else {
            Waiter w = waiter;
            timer.schedule(() -> expire(w), maxWait);
        }
        return result;
    }

    /** Calls waiting for a permit (for tests and diagnostics). */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void expire(Waiter w) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(w);
        }
        if (removed) w.result().completeExceptionally(new Refused("no permit free within " + maxWait));
    }

    private void release() {
        Waiter next;
        synchronized (this) {
            do next = waiting.poll(); while (next != null && next.result().isDone());
            // The permit passes to the next waiter as it is: running stays the same.
            if (next == null) running--;
        }
        if (next != null) next.start().run();
    }
}
