package dev.reelrank.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Deliveries are acknowledged only by the write of their whole batch, and all fail with it. */
class DeliveryBatcherTest {
    static final Duration NEVER = Duration.ofHours(1);

    @Test
    void noDeliveryIsAcknowledgedBeforeItsBatchIsWritten() throws Exception {
        var release = new CountDownLatch(1);
        var entered = new CountDownLatch(1);
        try (var batcher = new DeliveryBatcher<String, String>(batch -> {
            entered.countDown();
            release.await();
            return batch.stream().map(s -> s + ":written").toList();
        }, 2, NEVER)) {
            var a = batcher.submit("a");
            var b = batcher.submit("b"); // the second fills the batch: it closes without waiting for the window
            assertEquals(true, entered.await(30, TimeUnit.SECONDS));
            assertFalse(a.isDone());
            assertFalse(b.isDone());
            release.countDown();
            assertEquals("a:written", a.get(30, TimeUnit.SECONDS));
            assertEquals("b:written", b.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailedWriteFailsEveryDeliveryOfTheBatch() throws Exception {
        try (var batcher = new DeliveryBatcher<String, String>(batch -> { throw new IOException("disk full"); }, 3, NEVER)) {
            var futures = List.of(batcher.submit("a"), batcher.submit("b"), batcher.submit("c"));
            for (var f : futures) {
                var e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                assertInstanceOf(IOException.class, e.getCause());
            }
        }
    }

    @Test
    void theWindowClosesABatchThatDidNotFill() throws Exception {
        var batches = new CopyOnWriteArrayList<List<String>>();
        try (var batcher = new DeliveryBatcher<String, String>(batch -> {
            batches.add(batch);
            return batch;
        }, 1000, Duration.ofMillis(20))) {
            var a = batcher.submit("a");
            var b = batcher.submit("b");
            assertEquals("a", a.get(30, TimeUnit.SECONDS));
            assertEquals("b", b.get(30, TimeUnit.SECONDS));
            assertEquals(2, batches.stream().mapToInt(List::size).sum());
        }
    }

    @Test
    void aWriteThatAnswersForTheWrongNumberOfItemsAcknowledgesNone() {
        try (var batcher = new DeliveryBatcher<String, String>(batch -> List.of("only one"), 2, NEVER)) {
            var a = batcher.submit("a");
            var b = batcher.submit("b");
            assertThrows(ExecutionException.class, () -> a.get(30, TimeUnit.SECONDS));
            assertThrows(ExecutionException.class, () -> b.get(30, TimeUnit.SECONDS));
        }
    }
}
