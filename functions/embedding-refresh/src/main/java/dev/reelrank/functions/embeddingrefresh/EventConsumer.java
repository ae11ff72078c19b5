package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.tracing.ConsumerSpans;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The Kafka binding of {@link EventHandler}. Interactions arrive in poll batches, handed over one at
 * a time in log order to a single fold thread; this method's stage completes as soon as a batch is
 * folded and its writes are handed over, so the connector delivers the next batch while those
 * writes are in flight. The batch itself is acknowledged only once its writes are done (or its
 * events dead-lettered); acknowledgements may thus come out of order, and the throttled commit
 * strategy commits a partition's offset only up to the first record not yet acknowledged:
 * at-least-once (redelivered events are dropped by the user's applied offsets and event hashes).
 *
 * <p>Nothing a producer sends can stop the stream: a record that can never be applied (not our
 * CloudEvent, the wrong type for the topic, ids a store refuses) goes to the dead-letter topic with
 * its reason and the batch moves on. A store outage pauses the batch until the store answers again.
 *
 * <p>Each record is applied in a span whose parent is its {@code ce_traceparent} ({@link ConsumerSpans});
 * the spans end when the batch is durable.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    @Inject
    EventHandler handler;

    @Inject
    Tracer tracer;

    /** Decodes and folds the batches one at a time, in the order the connector delivers them. */
    private final ExecutorService foldThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "interactions-fold");
        t.setDaemon(true);
        return t;
    });

    // Not @Blocking: the fold runs on foldThread, and the returned stage (accepted, not durable) is
    // what lets the connector request the next batch before this one is acknowledged. The connector
    // invokes this method for one batch at a time (it waits for the stage), so batches reach
    // foldThread in log order. MANUAL (the default for a Message parameter, said here because the
    // commit rule rests on it): handOver acknowledges once the batch is durable.
    @Incoming("interactions")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @SuppressWarnings("unchecked") // the channel's deserializers make these String keys and byte[] values
    public CompletionStage<Void> onInteractions(Message<List<byte[]>> message) {
        ConsumerRecords<String, byte[]> records = message.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(m -> (ConsumerRecords<String, byte[]>) m.getRecords())
                .orElseThrow(() -> new IllegalStateException("the interactions channel must be consumed in batches (batch=true)"));
        return handOver(message, () -> {
            var batch = new ArrayList<EventHandler.Received>(records.count());
            var spans = new ConsumerSpans(tracer).batch("interactions process");
            for (var r : records) {
                if (r.value() == null) continue;
                batch.add(received(r, EventTypes.INTERACTION).at(r.partition(), r.offset()));
                spans.add(r.headers());
            }
            try {
                return handler.submit(batch).whenComplete((dead, failure) -> spans.end(failure));
            } catch (RuntimeException | Error e) {
                spans.end(e);
                throw e;
            }
        }, foldThread, handler::stopping);
    }

    /**
     * Runs {@code submit} (fold and hand over a batch) on {@code foldThread}; the returned stage
     * completes once it returned, and {@code message} is acknowledged once the batch it returned is
     * durable, or negatively acknowledged (the channel fails, nothing after it is committed) when
     * it or the submission failed.
     */
    static CompletionStage<Void> handOver(Message<?> message, Supplier<CompletableFuture<?>> submit, Executor foldThread,
                                          BooleanSupplier stopping) {
        var accepted = new CompletableFuture<Void>();
        // Everything touching the handler runs on foldThread, never on the connector's event loop:
        // the first call creates the handler's beans, and the store session must not be opened there.
        foldThread.execute(() -> {
            // Shutting down: the batch is neither folded nor acknowledged, and the stage stays open
            // so the connector delivers nothing more until it closes; the batch is redelivered.
            if (stopping.getAsBoolean()) return;
            CompletableFuture<?> durable;
            try {
                durable = submit.get();
            } catch (RuntimeException | Error e) {
                if (stopping.getAsBoolean()) return;
                LOG.errorf(e, "a batch of interactions could not be folded");
                message.nack(e).whenComplete((x, y) -> accepted.complete(null));
                return;
            }
            accepted.complete(null);
            durable.whenComplete((result, failure) -> {
                if (failure == null) message.ack();
                else {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    if (stopping.getAsBoolean()) {
                        // Not a fault: the shutdown's drain gave up on it. Unacknowledged, it is redelivered.
                        LOG.infof("shutting down: a batch of interactions was not stored and is left to be redelivered (%s)", cause.toString());
                    } else {
                        LOG.errorf(cause, "a batch of interactions could not be stored");
                        message.nack(cause);
                    }
                }
            });
        });
        return accepted;
    }

    @PreDestroy
    void close() {
        foldThread.shutdown();
    }

    @Incoming("videos")
    @Blocking
    public void onVideos(ConsumerRecords<String, byte[]> records) {
        var batch = new ArrayList<EventHandler.Received>(records.count());
        var spans = new ConsumerSpans(tracer).batch("videos process");
        for (var r : records) {
            // A tombstone on the compacted topic: features are never deleted by events.
            if (r.value() == null) continue;
            batch.add(received(r, EventTypes.VIDEO_PUBLISHED));
            spans.add(r.headers());
        }
        if (!batch.isEmpty()) spans.applying(() -> handler.videos(batch));
    }

    private static EventHandler.Received received(ConsumerRecord<String, byte[]> r, EventTypes expected) {
        try {
            LoggedEvent event = LoggedEvent.fromRecord(r);
            if (event.type() != expected) {
                return EventHandler.Received.undecodable("event type " + event.type().type + " does not belong on topic " + r.topic()
                        + " (expected " + expected.type + ")", why -> DeadLetters.Letter.of(r, why));
            }
            return EventHandler.Received.of(event, why -> DeadLetters.Letter.of(r, why));
        } catch (RuntimeException e) {
            LOG.debugf(e, "undecodable record %s-%d@%d", r.topic(), r.partition(), r.offset());
            return EventHandler.Received.undecodable("not a Reelrank CloudEvent: " + e.getMessage(), why -> DeadLetters.Letter.of(r, why));
        }
    }
}
