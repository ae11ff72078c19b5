package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        var acceptedA = EventConsumer.handOver(message("A"), () -> durableA, direct);
        var acceptedB = EventConsumer.handOver(message("B"), () -> durableB, direct);

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
        EventConsumer.handOver(message("A"), () -> durable, direct);
        durable.completeExceptionally(new CompletionException(new IllegalStateException("store unavailable")));
        assertEquals(List.of("nack A: store unavailable"), acks);
    }

    @Test
    void aBatchThatCannotBeFoldedIsNegativelyAcknowledgedAndTheHandOverEnds() {
        var accepted = EventConsumer.handOver(message("A"), () -> {
            throw new IllegalStateException("user read failed");
        }, direct);
        assertTrue(accepted.toCompletableFuture().isDone());
        assertEquals(List.of("nack A: user read failed"), acks);
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
