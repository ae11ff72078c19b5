package dev.reelrank.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        var gate = new AsyncGate(3);
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
        var gate = new AsyncGate(1);
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
    void refusesNoPermits() {
        assertThrows(IllegalArgumentException.class, () -> new AsyncGate(0));
    }
}
