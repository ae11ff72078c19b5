package dev.reelrank.eventlog.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the records of the event topics delivered one per HTTP request (a Knative KafkaSource)
 * into batches, so an HTTP binding works a batch at a time as the Kafka binding works a poll batch
 * (embedding-refresh folds it with the same coalescing; the archiver writes one Parquet file, not one
 * per event): a batch closes after {@code window} or at {@code maxBatch} items, whichever comes first,
 * and batches are written one at a time in the order they closed. Each item's future completes only
 * after its whole batch was written (the sender's acknowledgement waits for it), with that item's
 * result, and fails with the batch.
 */
public final class DeliveryBatcher<T, R> implements AutoCloseable {
    /** Writes a batch; returns one result per item, in order; throws when nothing of the batch counts. */
    @FunctionalInterface
    public interface Write<T, R> {
        List<R> apply(List<T> batch) throws Exception;
    }

    private final Write<T, R> write;
    private final int maxBatch;
    private final long windowNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "delivery-batch-timer"));
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "delivery-batch-write"));
    private List<Pending<T, R>> open = new ArrayList<>();

    private record Pending<T, R>(T item, CompletableFuture<R> done) {}

    public DeliveryBatcher(Write<T, R> write, int maxBatch, Duration window) {
        if (maxBatch < 1) throw new IllegalArgumentException("max-batch must be >= 1");
        this.write = write;
        this.maxBatch = maxBatch;
        this.windowNanos = Math.max(0, window.toNanos());
    }

    public CompletableFuture<R> submit(T item) {
        var pending = new Pending<T, R>(item, new CompletableFuture<>());
        List<Pending<T, R>> full = null;
        synchronized (this) {
            open.add(pending);
            if (open.size() >= maxBatch || windowNanos == 0) {
                full = open;
                open = new ArrayList<>();
            } else if (open.size() == 1) {
                List<Pending<T, R>> batch = open;
                timer.schedule(() -> closeIfStill(batch), windowNanos, TimeUnit.NANOSECONDS);
            }
        }
        if (full != null) writeLater(full);
        return pending.done();
    }

    private void closeIfStill(List<Pending<T, R>> batch) {
        synchronized (this) {
            if (open != batch) return; // closed by size meanwhile
            open = new ArrayList<>();
        }
        writeLater(batch);
    }

    private void writeLater(List<Pending<T, R>> batch) {
        writer.execute(() -> {
            try {
                List<R> results = write.apply(batch.stream().map(Pending::item).toList());
                if (results.size() != batch.size())
                    throw new IllegalStateException(results.size() + " results for a batch of " + batch.size());
                for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(results.get(i));
            } catch (Exception | Error e) {
                for (Pending<T, R> p : batch) p.done().completeExceptionally(e);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        writer.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
