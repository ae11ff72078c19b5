package dev.reelrank.featurestore;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * At most {@code permits} async calls outstanding across every caller of one instance; the rest
 * wait in arrival order. {@link BoundedParallel} bounds one batch; this bounds a process: 32
 * concurrent Rank calls, each reading its 128 videos at once with three statements apiece, put
 * ~12,000 requests on the driver's one connection, which fails what exceeds its 1,024 in-flight
 * ("No connection was available") instead of queueing it.
 *
 * <p>Public only for the feature store's {@code cassandra}, {@code redis} and {@code tiered}
 * packages: not part of the stage's API.
 */
public final class AsyncGate {
    private final int permits;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    public AsyncGate(int permits) {
        if (permits < 1) throw new IllegalArgumentException("permits must be >= 1");
        this.permits = permits;
    }

    /** {@code call} runs now if a permit is free, else once one is; the permit is held until its stage ends. */
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
        boolean now;
        synchronized (this) {
            now = running < permits;
            if (now) running++;
            else waiting.add(start);
        }
        if (now) start.run();
        return result;
    }

    /** Calls waiting for a permit (for tests and diagnostics). */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            // The permit passes to the next waiter as it is: running stays the same.
            if (next == null) running--;
        }
        if (next != null) next.run();
    }
}
