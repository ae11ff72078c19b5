package dev.reelrank.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedParallelTest {

    @Test
    void keepsInputOrderAndNeverExceedsTheLimit() throws Exception {
        var inFlight = new AtomicInteger();
        var maxSeen = new AtomicInteger();
        var pending = new ArrayList<CompletableFuture<Integer>>();
        List<Integer> inputs = IntStream.range(0, 20).boxed().toList();

        var result = BoundedParallel.map(inputs, 3, i -> {
            maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            var f = new CompletableFuture<Integer>();
            synchronized (pending) {
                pending.add(f);
            }
            return f.thenApply(v -> {
                inFlight.decrementAndGet();
                return v;
            });
        }).toCompletableFuture();

        // Complete calls newest first, one at a time, so results arrive out of input order.
        for (int done = 0; done < inputs.size(); done++) {
            CompletableFuture<Integer> f;
            synchronized (pending) {
                assertTrue(pending.size() <= 3, "in flight: " + pending.size());
                f = pending.removeLast();
            }
            int id = done;
            f.complete(-1 - id);
        }
        List<Integer> out = result.get();
        assertEquals(20, out.size());
        assertEquals(3, maxSeen.get());
        assertTrue(out.stream().allMatch(v -> v < 0));
    }

    @Test
    void mapsEachInputToItsOwnResult() throws Exception {
        List<String> out = BoundedParallel.map(List.of(1, 2, 3, 4, 5), 2,
                i -> CompletableFuture.supplyAsync(() -> "v" + i)).toCompletableFuture().get();
        assertEquals(List.of("v1", "v2", "v3", "v4", "v5"), out);
    }

    @Test
    void failsWithTheCallsOwnException() {
        var boom = new IllegalStateException("boom");
        var result = BoundedParallel.map(List.of(1, 2, 3), 2,
                i -> i == 2 ? CompletableFuture.<Integer>failedFuture(boom) : CompletableFuture.completedFuture(i));
        var e = assertThrows(ExecutionException.class, () -> result.toCompletableFuture().get());
        assertSame(boom, e.getCause());
    }

    @Test
    void emptyInputIsEmptyOutput() throws Exception {
        assertEquals(List.of(), BoundedParallel.map(List.<Integer>of(), 4, CompletableFuture::completedFuture).toCompletableFuture().get());
    }
}
