package dev.reelrank.featurestore.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.Popularity.ScoredVideo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class TopListMemoTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final TopListMemo memo = new TopListMemo(Duration.ofSeconds(30), now::get);

    /** A Cassandra stand-in whose reads the test completes; it records the n each read asked for. */
    private static final class Reads implements IntFunction<CompletionStage<List<ScoredVideo>>> {
        final List<Integer> asked = new ArrayList<>();
        final List<CompletableFuture<List<ScoredVideo>>> pending = new ArrayList<>();

        @Override
        public CompletionStage<List<ScoredVideo>> apply(int n) {
            asked.add(n);
            var f = new CompletableFuture<List<ScoredVideo>>();
            pending.add(f);
            return f;
        }
    }

    private static List<ScoredVideo> top(int size) {
        var list = new ArrayList<ScoredVideo>();
        for (int i = 0; i < size; i++) list.add(new ScoredVideo("v" + i, 1_000 - i));
        return List.copyOf(list);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void servesWhatRedisLastAnsweredUntilItIsTooOldOrTooShort() {
        memo.answered("trend-decay:US", 10, top(10));
        assertEquals(top(5), memo.lastAnswered(5, "trend-decay:US"));
        assertEquals(top(10), memo.lastAnswered(10, "trend-decay:US"));
        assertNull(memo.lastAnswered(20, "trend-decay:US"), "a list of 10 asked for 10 may not be the whole top 20");
        assertNull(memo.lastAnswered(5, "trend-decay:MX"));
        assertEquals(top(5), memo.lastAnswered(5, "trend-decay:MX", "trend-decay:US"), "the first key with an answer");

        memo.answered("pop:global", 50, top(7));
        assertEquals(top(7), memo.lastAnswered(100, "pop:global"), "a set shorter than asked is the whole set");

        memo.answered("pop:empty", 10, List.of());
        assertNull(memo.lastAnswered(10, "pop:empty"), "an empty answer is no list to stand in");

        advance(Duration.ofSeconds(31));
        assertNull(memo.lastAnswered(5, "trend-decay:US"));
    }

    @Test
    void concurrentCallsShareOneCassandraReadAndLaterOnesReuseItUntilItAges() throws Exception {
        var reads = new Reads();
        CompletableFuture<List<ScoredVideo>> a = memo.durable("US", 20, reads).toCompletableFuture();
        CompletableFuture<List<ScoredVideo>> b = memo.durable("US", 5, reads).toCompletableFuture();
        assertEquals(List.of(20), reads.asked, "the second call joins the read in flight");

        reads.pending.getFirst().complete(top(20));
        assertEquals(top(20), a.get());
        assertEquals(top(5), b.get());

        assertEquals(top(10), memo.durable("US", 10, reads).toCompletableFuture().get());
        assertEquals(1, reads.asked.size(), "answered from the kept top");

        memo.durable("US", 40, reads);
        assertEquals(List.of(20, 40), reads.asked, "a longer list than kept is read");
        reads.pending.get(1).complete(top(40));

        advance(Duration.ofSeconds(31));
        memo.durable("US", 10, reads);
        assertEquals(List.of(20, 40, 10), reads.asked, "an aged top is read again");
    }

    @Test
    void aFailedReadIsNotKept() {
        var reads = new Reads();
        var failed = memo.durable("US", 10, reads).toCompletableFuture();
        reads.pending.getFirst().completeExceptionally(new IllegalStateException("cassandra down"));
        assertThrows(ExecutionException.class, failed::get);

        memo.durable("US", 10, reads);
        assertEquals(2, reads.asked.size());
    }

    @Test
    void aReadThatThrowsFailsItsCallers() {
        CompletionStage<List<ScoredVideo>> call = memo.durable("US", 10, n -> {
            throw new IllegalStateException("session not connected");
        });
        assertTrue(call.toCompletableFuture().isCompletedExceptionally());
        var reads = new Reads();
        memo.durable("US", 10, reads);
        assertEquals(1, reads.asked.size(), "nothing left in flight");
    }

    @Test
    void zeroMaxAgeKeepsNothing() throws Exception {
        var off = new TopListMemo(Duration.ZERO, now::get);
        off.answered("pop:global", 10, top(10));
        assertNull(off.lastAnswered(10, "pop:global"));
        var reads = new Reads();
        var first = off.durable("global", 10, reads);
        reads.pending.getFirst().complete(top(10));
        off.durable("global", 10, reads);
        assertEquals(2, reads.asked.size());
        assertSame(reads.pending.getFirst(), first);
    }
}
