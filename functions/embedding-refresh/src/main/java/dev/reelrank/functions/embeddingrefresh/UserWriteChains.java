package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The writes of batches that are in flight together, kept in order per user.
 *
 * <p>The fold hands over the next batch while the previous one's writes are still on their way to
 * Cassandra. A user of that next batch must then be folded onto what the previous batch made of
 * them, not onto the store (which does not have it yet), and their new row written only after the
 * previous one: otherwise an older row could land last and undo events. {@link #pending} gives the
 * first, {@link #then} the second. Users are independent of one another, so the writes of
 * different users run at once, at most {@code parallelism} at a time across all batches.
 *
 * <p>Only one thread may call {@link #pending} and {@link #then} (the fold, one batch at a time):
 * a user without a pending link then has no write in flight, so the store holds their latest state.
 */
final class UserWriteChains {
    /** A user's last handed-over state and the write that stores it. */
    private record Link(UserFeatures features, CompletableFuture<?> done) {}

    private final ConcurrentHashMap<String, Link> latest = new ConcurrentHashMap<>();
    private final Semaphore writers;
    // Store calls block (and StoreRetry sleeps through outages): cheap on virtual threads.
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** @param parallelism store writes running at once, across every batch in flight */
    UserWriteChains(int parallelism) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
        this.writers = new Semaphore(parallelism);
    }

    /**
     * The user as the last handed-over batch folded them, while its write is not done; empty: the
     * store is current. A link whose write already failed is dropped here (its own completion
     * callback may not have run yet): the store holds the user's last durable state, and folding
     * onto the failed one would only fail again.
     */
    Optional<UserFeatures> pending(String userId) {
        Link link = latest.get(userId);
        if (link == null) return Optional.empty();
        if (link.done().isCompletedExceptionally()) {
            latest.remove(userId, link);
            return Optional.empty();
        }
        return Optional.of(link.features());
    }

    /**
     * Runs {@code write} (which stores {@code features}) once the user's earlier writes and
     * {@code alsoAfter} have completed. If one of them failed, {@code write} never runs and the
     * returned future fails too: {@code features} were folded on top of the failed state, and
     * writing them would claim events as stored whose own write did not happen.
     */
    <R> CompletableFuture<R> then(String userId, UserFeatures features, CompletableFuture<?> alsoAfter, Supplier<R> write) {
        Link previous = latest.get(userId);
        CompletableFuture<?> after = previous == null ? alsoAfter : CompletableFuture.allOf(previous.done(), alsoAfter);
        CompletableFuture<R> done = after.thenApplyAsync(ignored -> bounded(write), executor);
        Link link = new Link(features, done);
        latest.put(userId, link);
        // Registered after put: even a write that is already done cannot leave its link behind.
        done.whenComplete((r, e) -> latest.remove(userId, link));
        return done;
    }

    /** A write that needs no order (a video's counters add up the same in any order), under the same bound. */
    <R> CompletableFuture<R> unordered(Supplier<R> write) {
        return CompletableFuture.supplyAsync(() -> bounded(write), executor);
    }

    /** Users with a write in flight (tests, and a sanity bound on memory). */
    int inFlight() {
        return latest.size();
    }

    private <R> R bounded(Supplier<R> write) {
        writers.acquireUninterruptibly();
        try {
            return write.get();
        } finally {
            writers.release();
        }
    }
}
