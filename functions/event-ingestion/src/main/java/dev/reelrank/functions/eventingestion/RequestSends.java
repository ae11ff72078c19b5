package dev.reelrank.functions.eventingestion;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The sends of one request, bounded by the request itself: once a send has failed at once (the
 * producer gave up waiting for metadata: Kafka is down), or the request's deadline has passed, the
 * rest are not handed to the producer, whose send would block the request's thread again for up to
 * max.block.ms each, for an answer that is already 503. Skipping loses nothing: no event of a
 * refused request counts as accepted; the client retries with the same ids, and the consumers
 * de-duplicate those that did reach the log.
 *
 * @param <T> what one send publishes
 */
final class RequestSends<T> implements Function<T, CompletableFuture<RecordMetadata>> {
    private final Function<? super T, CompletableFuture<RecordMetadata>> send;
    private final Clock clock;
    private final Instant deadline;
    private Throwable failed;

    /** @param deadline when the request stops waiting (its arrival + ack-timeout) */
    RequestSends(Function<? super T, CompletableFuture<RecordMetadata>> send, Clock clock, Instant deadline) {
        this.send = send;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Called for each item in turn on the request's thread (DurableProducer.sendAll). */
    @Override
    public CompletableFuture<RecordMetadata> apply(T item) {
        if (failed != null) return CompletableFuture.failedFuture(failed);
        if (!clock.instant().isBefore(deadline)) {
            failed = new TimeoutException("the request's deadline passed before all its events were sent");
            return CompletableFuture.failedFuture(failed);
        }
        CompletableFuture<RecordMetadata> sent = send.apply(item);
        if (sent.isCompletedExceptionally()) failed = sent.exceptionNow();
        return sent;
    }
}
