package dev.reelrank.functions.embeddingrefresh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers interactions delivered one per HTTP request into batches, so the HTTP binding folds with
 * the same coalescing as the Kafka binding: a batch closes after {@code window} or at
 * {@code maxBatch} events, whichever comes first, and batches are folded one at a time in the
 * order they closed. A Knative KafkaSource with ordered delivery has at most one event of a user
 * (its partition key) in flight, so a window holds many users and each once.
 */
final class DeliveryBatcher<T> implements AutoCloseable {
    private final Function<List<T>, Map<T, String>> fold;
    private final int maxBatch;
    private final long windowNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "delivery-batch-timer"));
    private final ExecutorService folder = Executors.newSingleThreadExecutor(r -> daemon(r, "delivery-batch-fold"));
    private List<Pending<T>> open = new ArrayList<>();

    private record Pending<T>(T item, CompletableFuture<Optional<String>> done) {}

    /** @param fold folds a batch; returns the dead-letter reason of the items that were dead-lettered */
    DeliveryBatcher(Function<List<T>, Map<T, String>> fold, int maxBatch, Duration window) {
        if (maxBatch < 1) throw new IllegalArgumentException("max-batch must be >= 1");
        this.fold = fold;
        this.maxBatch = maxBatch;
        this.windowNanos = Math.max(0, window.toNanos());
    }

    /** Completes once the item's batch is folded: empty when applied, the reason when dead-lettered; fails when the fold did. */
    CompletableFuture<Optional<String>> submit(T item) {
        var pending = new Pending<T>(item, new CompletableFuture<>());
        List<Pending<T>> full = null;
        synchronized (this) {
            open.add(pending);
            if (open.size() >= maxBatch || windowNanos == 0) {
                full = open;
                open = new ArrayList<>();
            } else if (open.size() == 1) {
                List<Pending<T>> batch = open;
                timer.schedule(() -> closeIfStill(batch), windowNanos, TimeUnit.NANOSECONDS);
            }
        }
        if (full != null) foldLater(full);
        return pending.done();
    }

    private void closeIfStill(List<Pending<T>> batch) {
        synchronized (this) {
            if (open != batch) return; // closed by size meanwhile
            open = new ArrayList<>();
        }
        foldLater(batch);
    }

    private void foldLater(List<Pending<T>> batch) {
        folder.execute(() -> {
            try {
                Map<T, String> dead = fold.apply(batch.stream().map(Pending::item).toList());
                for (Pending<T> p : batch) p.done().complete(Optional.ofNullable(dead.get(p.item())));
            } catch (RuntimeException | Error e) {
                for (Pending<T> p : batch) p.done().completeExceptionally(e);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        folder.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
