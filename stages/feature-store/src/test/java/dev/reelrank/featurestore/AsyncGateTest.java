package dev.reelrank.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncGateTest {

    @Test
    void callsOfManyCallersNeverExceedThePermitsAndStartInArrivalOrder() throws Exception {
        var gate = new AsyncGate(3, 100, Duration.ofMinutes(1), NEVER);
        var inFlight = new AtomicInteger();
        var maxSeen = new AtomicInteger();
        var started = new ArrayList<Integer>();
        var pending = new ArrayList<CompletableFuture<Integer>>();
        var results = new ArrayList<CompletableFuture<Integer>>();
        // Four "callers" of five calls each, submitted before any call ends.
        for (int caller = 0; caller < 4; caller++) {
            for (int i = 0; i < 5; i++) {
                int id = caller * 5 + i;
                results.add(gate.submit(() -> {
                    maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    started.add(id);
                    var f = new CompletableFuture<Integer>();
                    pending.add(f);
                    return f.thenApply(v -> {
                        inFlight.decrementAndGet();
                        return v;
                    });
                }).toCompletableFuture());
            }
        }
        assertEquals(3, started.size(), "only as many calls start as there are permits");
        assertEquals(17, gate.waiting());
        for (int done = 0; done < 20; done++) {
            // Newest running call first: whichever call frees a permit, the oldest waiter gets it.
            var newest = pending.get(pending.size() - 1);
            pending.remove(pending.size() - 1);
            newest.complete(done);
        }
        for (var r : results) assertTrue(r.isDone());
        assertEquals(3, maxSeen.get());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), started);
        assertEquals(0, gate.waiting());
    }

    @Test
    void aFailedOrThrowingCallReturnsItsPermit() throws Exception {
        var gate = new AsyncGate(1, 100, Duration.ofMinutes(1), NEVER);
        var boom = new IllegalStateException("no node");
        CompletionStage<String> failed = gate.submit(() -> CompletableFuture.failedFuture(boom));
        CompletionStage<String> thrown = gate.submit(() -> { throw new IllegalArgumentException("bad id"); });
        CompletionStage<String> ok = gate.submit(() -> CompletableFuture.completedFuture("read"));

        var e = assertThrows(ExecutionException.class, () -> failed.toCompletableFuture().get());
        assertSame(boom, e.getCause());
        assertThrows(ExecutionException.class, () -> thrown.toCompletableFuture().get());
        assertEquals("read", ok.toCompletableFuture().get());
        assertEquals(0, gate.waiting());
    }

    @Test
    void refusesNoPermitsNoWaitAndANegativeQueue() {
        assertThrows(IllegalArgumentException.class, () -> new AsyncGate(0, 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new AsyncGate(1, -1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new AsyncGate(1, 1, Duration.ZERO));
    }

    @Test
    void aCallFindingTheQueueFullFailsAtOnceAndTheQueuedOnesStillRun() {
        var gate = new AsyncGate(1, 2, Duration.ofMinutes(1), NEVER);
        var holding = new CompletableFuture<String>();
        var running = gate.submit(() -> holding).toCompletableFuture();
        var queued1 = gate.submit(() -> CompletableFuture.completedFuture("q1")).toCompletableFuture();
        var queued2 = gate.submit(() -> CompletableFuture.completedFuture("q2")).toCompletableFuture();
        var started = new AtomicInteger();
        var refused = gate.submit(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        }).toCompletableFuture();

        assertTrue(refused.isCompletedExceptionally(), "refused without waiting for a permit");
        var e = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(AsyncGate.Refused.class, e.getCause());
        assertEquals(2, gate.waiting());

        holding.complete("held");
        assertEquals("held", running.join());
        assertEquals("q1", queued1.join());
        assertEquals("q2", queued2.join());
        assertEquals(0, started.get(), "a refused call never runs");
        assertEquals(0, gate.waiting());
    }

    @Test
    void aCallWaitingLongerThanMaxWaitFailsAndNeverRuns() {
        var timer = new ManualTimer();
        var gate = new AsyncGate(1, 10, Duration.ofMillis(250), timer);
        var holding = new CompletableFuture<String>();
        gate.submit(() -> holding);
        var started = new AtomicInteger();
        var waiting = gate.submit(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("late");
        }).toCompletableFuture();
        assertEquals(List.of(Duration.ofMillis(250)), timer.delays);
        assertFalse(waiting.isDone());

        timer.fireAll();   // maxWait has passed with the permit still held
        var e = assertThrows(ExecutionException.class, waiting::get);
        assertInstanceOf(AsyncGate.Refused.class, e.getCause());
        assertEquals(0, gate.waiting());

        holding.complete("held");
        assertEquals(0, started.get());
        // The permit came back: the next call runs at once.
        assertEquals("next", gate.submit(() -> CompletableFuture.completedFuture("next")).toCompletableFuture().join());
    }

    @Test
    void aWaiterThatGotItsPermitInTimeIsNotFailedByItsLaterTimer() {
        var timer = new ManualTimer();
        var gate = new AsyncGate(1, 10, Duration.ofMillis(250), timer);
        var holding = new CompletableFuture<String>();
        gate.submit(() -> holding);
        var inner = new CompletableFuture<String>();
        var waiting = gate.submit(() -> inner).toCompletableFuture();
        holding.complete("held");   // the permit passes to the waiter, whose read is now under way
        timer.fireAll();
        assertFalse(waiting.isDone(), "a call already running is not cut short by the gate");
        inner.complete("read");
        assertEquals("read", waiting.join());
    }

    @Test
    void aWaiterCancelledByItsCallerIsSkipped() {
        var gate = new AsyncGate(1, 10, Duration.ofMinutes(1), NEVER);
        var holding = new CompletableFuture<String>();
        gate.submit(() -> holding);
        var started = new AtomicInteger();
        var cancelled = gate.submit(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("unwanted");
        }).toCompletableFuture();
        var next = gate.submit(() -> CompletableFuture.completedFuture("wanted")).toCompletableFuture();
        cancelled.cancel(false);

        holding.complete("held");
        assertEquals("wanted", next.join());
        assertEquals(0, started.get());
    }

    /** A timer that never fires: for tests about permits, not waits. */
    private static final AsyncGate.Timer NEVER = (task, after) -> {};

    /** Fires its tasks when the test says time has passed. */
    private static final class ManualTimer implements AsyncGate.Timer {
        final List<Duration> delays = new ArrayList<>();
        private final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void schedule(Runnable task, Duration after) {
            delays.add(after);
            tasks.add(task);
        }

        void fireAll() {
            var due = List.copyOf(tasks);
            tasks.clear();
            due.forEach(Runnable::run);
        }
    }
}
