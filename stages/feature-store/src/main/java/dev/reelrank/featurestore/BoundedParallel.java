package dev.reelrank.featurestore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one async call per input with at most {@code maxInFlight} outstanding at once: all the
 * parallelism of N independent partition reads without flooding a driver connection (which
 * rejects requests beyond its in-flight limit instead of queueing them).
 *
 * <p>Public only for the feature store's {@code cassandra}, {@code redis} and {@code tiered}
 * packages: not part of the stage's API.
 */
public final class BoundedParallel {
    private BoundedParallel() {}

    /** Results in input order; fails with the first failure once every started call has ended. */
    public static <I, O> CompletionStage<List<O>> map(List<I> inputs, int maxInFlight, Function<I, CompletionStage<O>> call) {
        int n = inputs.size();
        var results = new ArrayList<O>(n);
        for (int i = 0; i < n; i++) results.add(null);
        if (n == 0) return CompletableFuture.completedFuture(results);
        var next = new AtomicInteger();
        var lanes = new ArrayList<CompletableFuture<Void>>();
        for (int lane = 0; lane < Math.min(maxInFlight, n); lane++) {
            var done = new CompletableFuture<Void>();
            runLane(inputs, call, results, next, done);
            lanes.add(done);
        }
        return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).thenApply(v -> results);
    }

    private static <I, O> void runLane(List<I> inputs, Function<I, CompletionStage<O>> call, List<O> results,
                                       AtomicInteger next, CompletableFuture<Void> done) {
        int i = next.getAndIncrement();
        if (i >= inputs.size()) {
            done.complete(null);
            return;
        }
        CompletionStage<O> stage;
        try {
            stage = call.apply(inputs.get(i));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        stage.whenComplete((value, error) -> {
            if (error != null) {
                done.completeExceptionally(Await.unwrap(error));
                return;
            }
            synchronized (results) {
                results.set(i, value);
            }
            runLane(inputs, call, results, next, done);
        });
    }
}
