package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ActiveUsers;
import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeatureWriter;
import dev.reelrank.model.RetrievalSignalWriter;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Batches in flight together: the next batch is folded while the previous one's writes are still
 * held by a slow store. A user's events must land in offset order, a batch may only complete (and
 * be acknowledged) once its own writes are done, and a failed write must not be papered over by a
 * later batch of the same user.
 */
class PipelinedFoldTest {
    private final GatedStore store = new GatedStore();

    @Test
    void aUsersNextBatchIsFoldedOntoTheWriteInFlightAndWrittenAfterIt() throws Exception {
        var refresher = refresher(3, 0);
        store.gated = "u";
        var a = refresher.submit(List.of(fold("u", 0, 0), fold("u", 0, 1)));
        assertEquals(2, store.awaitEntered("u"), "batch A's write of u is held by the store");

        var b = refresher.submit(List.of(fold("u", 0, 2), fold("w", 0, 3)));
        // Handed over while A is not durable: submit did not wait for A.
        assertEquals(1, store.reads.get("u").get(), "B folded u onto A's state in memory, not onto a store read");
        store.awaitWritten("w");
        assertFalse(a.isDone(), "A is not durable while its write is held");
        assertFalse(b.isDone(), "B is not durable while its write of u waits behind A's");
        assertTrue(store.entered.isEmpty(), "B's write of u did not start before A's ended");

        store.release("u");
        assertEquals(3, store.awaitEntered("u"), "B's row of u holds A's two events and its own");
        store.release("u");
        assertEquals(2, within(a).folded());
        assertEquals(2, within(b).folded());
        assertEquals(List.of(2L, 3L), store.writtenCounts("u"), "u's rows were written in offset order");
        assertEquals(2L, store.users.get("u").getAppliedOffsetsOrThrow(0));
    }

    @Test
    void aBatchCompletesOnlyAfterItsOwnWritesEvenWhenALaterOneCompletesFirst() throws Exception {
        var refresher = refresher(3, 0);
        store.gated = "u";
        var a = refresher.submit(List.of(fold("u", 0, 0)));
        store.awaitEntered("u");
        var b = refresher.submit(List.of(fold("w", 0, 1)));

        assertEquals(1, within(b).folded(), "B (another user) is durable first");
        assertFalse(a.isDone(), "A stays pending: its records must not be acknowledged, whatever came after");
        store.release("u");
        assertEquals(1, within(a).folded());
        assertTrue(store.users.containsKey("u"));
    }

    @Test
    void withOneBatchInFlightTheNextIsFoldedOnlyOnceThePreviousIsDurable() throws Exception {
        var refresher = refresher(1, 0);
        store.gated = "u";
        var a = refresher.submit(List.of(fold("u", 0, 0)));
        store.awaitEntered("u");

        var b = new CompletableFuture<CompletableFuture<FeatureRefresher.Outcome<String>>>();
        Thread folding = Thread.ofPlatform().start(() -> b.complete(refresher.submit(List.of(fold("u", 0, 1), fold("x", 0, 2)))));
        // Parked on the in-flight bound, before any read of its users.
        while (folding.getState() != Thread.State.WAITING) {
            assertTrue(folding.isAlive(), "B was folded without waiting for A");
            Thread.onSpinWait();
        }
        assertFalse(b.isDone());
        assertFalse(store.reads.containsKey("x"), "B's users are not read while A is in flight");

        store.release("u");
        within(a);
        store.release("u"); // B's own write of u is gated too
        assertEquals(2, within(b.get(10, TimeUnit.SECONDS)).folded());
        assertEquals(List.of(1L, 2L), store.writtenCounts("u"));
    }

    @Test
    void aFailedWriteFailsTheSameUsersLaterBatchAndNothingOfItIsClaimedStored() throws Exception {
        var refresher = refresher(3, 1); // one attempt: an outage fails the batch
        store.gated = "u";
        store.failGated = true;
        var a = refresher.submit(List.of(fold("u", 0, 0)));
        store.awaitEntered("u");
        var b = refresher.submit(List.of(fold("u", 0, 1), fold("w", 0, 2)));

        store.release("u");
        var failure = assertThrows(ExecutionException.class, () -> a.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("unavailable"), failure.getCause().toString());
        assertThrows(ExecutionException.class, () -> b.get(10, TimeUnit.SECONDS), "B holds u on top of A's failed state: B fails too");
        assertEquals(List.of(), store.writtenCounts("u"), "B's row of u (claiming A's event) was never written");

        // Once nothing of u is in flight, the next batch starts again from what the store holds.
        store.gated = "";
        var c = refresher.submit(List.of(fold("u", 0, 0)));
        assertEquals(1, within(c).folded());
        assertEquals(1, store.users.get("u").getInteractionCount());
    }

    @Test
    void aUserTheStoreRefusesIsDeadLetteredAndLaterBatchesMoveOn() throws Exception {
        var refresher = refresher(3, 0);
        store.refused = "bad";
        var a = refresher.submit(List.of(fold("bad", 0, 0), fold("ok", 0, 1)));
        var b = refresher.submit(List.of(fold("ok", 0, 2)));
        assertEquals(List.of("0@0"), within(a).dead().stream().map(FeatureRefresher.DeadLetter::origin).toList());
        assertEquals(List.of(), within(b).dead());
        assertEquals(2, store.users.get("ok").getInteractionCount());
    }

    @Test
    void aShutdownWaitsForTheBatchesInFlightAndTakesNoMore() throws Exception {
        var refresher = refresher(3, 0);
        store.gated = "u";
        var a = refresher.submit(List.of(fold("u", 0, 0)));
        store.awaitEntered("u");

        var drained = new CompletableFuture<Boolean>();
        Thread.ofPlatform().start(() -> {
            try {
                drained.complete(refresher.drain(Duration.ofSeconds(10)));
            } catch (Throwable t) {
                drained.completeExceptionally(t);
            }
        });
        while (!refresher.stopping()) Thread.onSpinWait();
        var late = refresher.submit(List.of(fold("x", 0, 1)));
        var refused = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof FeatureRefresher.ShuttingDown, refused.getCause().toString());
        assertFalse(store.reads.containsKey("x"), "a batch after the shutdown began is not folded");
        assertFalse(drained.isDone(), "the drain waits for A's write");

        store.release("u");
        assertTrue(drained.get(10, TimeUnit.SECONDS), "A was stored within the drain's time");
        assertEquals(1, within(a).folded());
    }

    @Test
    void aShutdownDuringAnOutageEndsTheRetriesAndTheBatchFailsUnstored() throws Exception {
        var refresher = refresher(3, 0); // an outage is retried for as long as it lasts...
        store.down = true;
        var a = refresher.submit(List.of(fold("u", 0, 0)));
        assertFalse(refresher.drain(Duration.ofMillis(50)), "the write could not be stored in time");
        // ...until the shutdown: then it gives up with the store's own failure, and nothing is claimed stored.
        var failure = assertThrows(ExecutionException.class, () -> a.get(10, TimeUnit.SECONDS));
        assertEquals("Session is closed", failure.getCause().getMessage());
        assertEquals(List.of(), store.writtenCounts("u"));
    }

    /** The batch's outcome; a batch not durable within 10 s fails the test instead of hanging it. */
    private static <T> T within(CompletableFuture<T> durable) throws Exception {
        try {
            return durable.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private FeatureRefresher refresher(int batchesInFlight, int attempts) {
        return new FeatureRefresher(store, store, store, store, UserEmbedder.none(), UserFeatureUpdater.DEFAULTS, EngagementWeights.DEFAULTS,
                new StoreRetry(attempts, Duration.ofMillis(1), Duration.ofMillis(2)), store, Clock.systemUTC(),
                new FeatureRefresher.FoldLimits(100, 512, 4, 86_400, 4, true, batchesInFlight));
    }

    /** A click of {@code user} as the record at {@code offset} of {@code partition}; its origin names both. */
    private static FeatureRefresher.Folding<String> fold(String user, int partition, long offset) {
        var e = Interaction.newBuilder().setUserId(user).setVideoId("v" + offset).setAction(Action.click).build();
        return new FeatureRefresher.Folding<>(e, FeatureRefresher.eventHash("test", partition + "@" + offset), partition + "@" + offset,
                partition, offset);
    }

    /**
     * A store whose user writes of one user ({@code gated}) are held until the test releases them
     * (then fail, with {@code failGated}), and which refuses one user's key for good.
     */
    private static final class GatedStore implements FeatureStore, FeatureWriter, RetrievalSignalWriter, ActiveUsers {
        final Map<String, UserFeatures> users = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        final List<UserFeatures> written = new CopyOnWriteArrayList<>();
        final BlockingQueue<UserFeatures> entered = new LinkedBlockingQueue<>();
        final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<Void>> writtenOnce = new ConcurrentHashMap<>();
        volatile String gated = "", refused = "";
        volatile boolean failGated, down;

        /** Waits for a held write of {@code userId}; returns the interaction count it writes. */
        long awaitEntered(String userId) throws InterruptedException {
            UserFeatures u = entered.poll(10, TimeUnit.SECONDS);
            assertNotNull(u, "no write of " + userId + " reached the store");
            assertEquals(userId, u.getUserId());
            return u.getInteractionCount();
        }

        void release(String userId) {
            gate(userId).release();
        }

        void awaitWritten(String userId) throws Exception {
            writtenOnce.computeIfAbsent(userId, k -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
        }

        List<Long> writtenCounts(String userId) {
            return written.stream().filter(u -> u.getUserId().equals(userId)).map(u -> (long) u.getInteractionCount()).toList();
        }

        private Semaphore gate(String userId) {
            return gates.computeIfAbsent(userId, k -> new Semaphore(0));
        }

        @Override public Optional<UserFeatures> user(String userId) {
            reads.computeIfAbsent(userId, k -> new AtomicInteger()).incrementAndGet();
            return Optional.ofNullable(users.get(userId));
        }

        @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
            return Map.of();
        }

        @Override public void putUser(UserFeatures user) {
            if (user.getUserId().equals(refused)) throw new IllegalArgumentException("Key length is longer than maximum");
            if (down) throw new IllegalStateException("Session is closed");
            if (user.getUserId().equals(gated)) {
                entered.add(user);
                gate(user.getUserId()).acquireUninterruptibly();
                if (failGated) throw new IllegalStateException("store unavailable");
            }
            written.add(user);
            users.put(user.getUserId(), user);
            writtenOnce.computeIfAbsent(user.getUserId(), k -> new CompletableFuture<>()).complete(null);
        }

        @Override public void upsertVideo(VideoPublished video) {}

        @Override public void addVideoStats(String videoId, VideoStatsDelta delta) {}

        @Override public void addPopularity(String videoId, double weight, String... scopes) {}

        @Override public void appendHistory(String userId, HistoryEntry entry) {}

        @Override public void recordUpload(VideoPublished video) {}

        @Override public void addTrending(String videoId, double weight, String... scopes) {}

        @Override public void markActive(String userId, LocalDate day) {}

        @Override public int parts() {
            return 1;
        }

        @Override public Iterable<String> users(LocalDate day, int part) {
            return List.of();
        }
    }
}
