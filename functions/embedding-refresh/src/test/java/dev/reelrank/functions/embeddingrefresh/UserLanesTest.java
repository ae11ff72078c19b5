package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UserLanesTest {
    @Test
    void eachLaneKeepsItsOrderAndLanesOverlap() {
        List<List<Integer>> lanes = IntStream.range(0, 8).mapToObj(l -> IntStream.range(0, 50).map(i -> l * 100 + i).boxed().toList()).toList();
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        var together = new CountDownLatch(4);
        UserLanes.run(lanes, 4, lane -> {
            together.countDown();
            try {
                // Only returns true if four lanes are inside run() at the same time.
                assertTrue(together.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            for (int x : lane) seen.computeIfAbsent(x / 100, k -> Collections.synchronizedList(new ArrayList<>())).add(x);
        });
        for (int l = 0; l < 8; l++) assertEquals(lanes.get(l), seen.get(l));
    }

    @Test
    void neverMoreLanesAtOnceThanAllowed() {
        AtomicInteger inside = new AtomicInteger(), most = new AtomicInteger();
        UserLanes.run(IntStream.range(0, 40).boxed().toList(), 3, lane -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.yield();
            inside.decrementAndGet();
        });
        assertTrue(most.get() <= 3, "at most 3, saw " + most.get());
    }

    @Test
    void aFailingLaneFailsTheBatchAfterTheOthersEnded() {
        var finished = new AtomicInteger();
        var e = assertThrows(IllegalStateException.class, () -> UserLanes.run(List.of(1, 2, 3, 4), 2, lane -> {
            if (lane == 2) throw new IllegalStateException("store down");
            finished.incrementAndGet();
        }));
        assertEquals("store down", e.getMessage());
        assertEquals(3, finished.get());
    }
}
