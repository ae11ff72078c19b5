package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The Kafka binding's hand-over: the connector may deliver the next batch as soon as this one is
 * folded, but a batch is acknowledged (and its offsets become committable) only once it is durable,
 * in whatever order batches become durable; a failure is a negative acknowledgement.
 */
class EventConsumerTest {
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final Executor direct = Runnable::run;

    @Test
    void theNextBatchIsRequestedOnHandOverButEachIsAcknowledgedOnlyWhenDurable() {
        var durableA = new CompletableFuture<Object>();
        var durableB = new CompletableFuture<Object>();
        var acceptedA = EventConsumer.handOver(message("A"), () -> durableA, direct, () -> false);
        var acceptedB = EventConsumer.handOver(message("B"), () -> durableB, direct, () -> false);

        assertTrue(acceptedA.toCompletableFuture().isDone() && acceptedB.toCompletableFuture().isDone(), "both handed over");
        assertEquals(List.of(), acks, "nothing acknowledged before it is durable");
        durableB.complete(null);
        assertEquals(List.of("ack B"), acks, "B is acknowledged alone: the throttled commit still stops before A's records");
        durableA.complete(null);
        assertEquals(List.of("ack B", "ack A"), acks);
    }

    @Test
    void aBatchThatFailsToBeStoredIsNegativelyAcknowledgedWithTheStoresFailure() {
        var durable = new CompletableFuture<Object>();
        EventConsumer.handOver(message("A"), () -> durable, direct, () -> false);
        durable.completeExceptionally(new CompletionException(new IllegalStateException("store unavailable")));
        assertEquals(List.of("nack A: store unavailable"), acks);
    }

    @Test
    void aBatchThatCannotBeFoldedIsNegativelyAcknowledgedAndTheHandOverEnds() {
        var accepted = EventConsumer.handOver(message("A"), () -> {
            throw new IllegalStateException("user read failed");
        }, direct, () -> false);
        assertTrue(accepted.toCompletableFuture().isDone());
        assertEquals(List.of("nack A: user read failed"), acks);
    }

    @Test
    void onceShuttingDownABatchIsNeitherFoldedNorAcknowledgedAndTheConnectorIsHeld() {
        var accepted = EventConsumer.handOver(message("A"), () -> {
            throw new AssertionError("folded during shutdown");
        }, direct, () -> true);
        assertFalse(accepted.toCompletableFuture().isDone(), "the connector gets no go-ahead for another batch");
        assertEquals(List.of(), acks, "unacknowledged: redelivered to the next consumer");
    }

    @Test
    void aBatchTheShutdownGaveUpOnIsLeftUnacknowledgedNotFailed() {
        var stopping = new java.util.concurrent.atomic.AtomicBoolean();
        var durable = new CompletableFuture<Object>();
        EventConsumer.handOver(message("A"), () -> durable, direct, stopping::get);
        stopping.set(true);
        durable.completeExceptionally(new IllegalStateException("Session is closed"));
        assertEquals(List.of(), acks, "no nack (that would fail the channel): the batch is redelivered");
    }

    private Message<String> message(String name) {
        return Message.of(name, () -> {
            acks.add("ack " + name);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            acks.add("nack " + name + ": " + failure.getMessage());
            return CompletableFuture.completedFuture(null);
        });
    }
}
