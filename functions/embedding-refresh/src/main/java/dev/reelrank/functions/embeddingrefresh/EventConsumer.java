package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.tracing.ConsumerSpans;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka binding of {@link EventHandler}. Interactions arrive in poll batches and are folded a
 * batch at a time; a batch is acknowledged when this method returns, and the throttled commit
 * strategy commits an offset only once every record before it is acknowledged: at-least-once
 * (redelivered events are dropped by the user's event hashes).
 *
 * <p>Nothing a producer sends can stop the stream: a record that can never be applied (not our
 * CloudEvent, the wrong type for the topic, ids a store refuses) goes to the dead-letter topic with
 * its reason and the batch moves on. A store outage pauses the batch until the store answers again.
 *
 * <p>Each record is applied in a span whose parent is its {@code ce_traceparent} ({@link ConsumerSpans}).
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    @Inject
    EventHandler handler;

    @Inject
    Tracer tracer;

    @Incoming("interactions")
    @Blocking
    public void onInteractions(ConsumerRecords<String, byte[]> records) {
        var batch = new ArrayList<EventHandler.Received>(records.count());
        var spans = new ConsumerSpans(tracer).batch("interactions process");
        for (var r : records) {
            if (r.value() == null) continue;
            batch.add(received(r, EventTypes.INTERACTION).at(r.partition(), r.offset()));
            spans.add(r.headers());
        }
        spans.applying(() -> handler.interactions(batch));
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
