package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka → feature store. Interactions arrive in poll batches and are folded a batch at a time
 * ({@link FeatureRefresher}); a batch is acknowledged when this method returns, and the throttled
 * commit strategy commits an offset only once every record before it is acknowledged:
 * at-least-once (redelivered events are dropped by the user's event hashes).
 *
 * <p>Nothing a producer sends can stop the stream: a record that can never be applied (not our
 * CloudEvent, unparsable, ids a store refuses) goes to the dead-letter topic with its reason and
 * the batch moves on. A store outage pauses the batch until the store answers again.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    @Inject
    FeatureRefresher refresher;

    @Inject
    DeadLetters deadLetters;

    @Inject
    FoldStats stats;

    @Incoming("interactions")
    @Blocking
    public void onInteractions(ConsumerRecords<String, byte[]> records) {
        long started = System.nanoTime();
        var dead = new ArrayList<Map.Entry<ConsumerRecord<String, byte[]>, String>>();
        var batch = new ArrayList<FeatureRefresher.Folding<ConsumerRecord<String, byte[]>>>(records.count());
        for (var r : records) {
            decode(r, EventTypes.INTERACTION).ifPresentOrElse(
                    event -> batch.add(new FeatureRefresher.Folding<>((Interaction) event.payload(),
                            FeatureRefresher.eventHash(event.source().toString(), event.id()), r)),
                    () -> { if (r.value() != null) dead.add(new SimpleEntry<>(r, why(r, EventTypes.INTERACTION))); });
        }
        var outcome = refresher.apply(batch);
        for (var d : outcome.dead()) dead.add(new SimpleEntry<>(d.origin(), d.reason()));
        deadLetters.send(dead);
        stats.record(records.count(), outcome, dead.size(), System.nanoTime() - started);
    }

    @Incoming("videos")
    @Blocking
    public void onVideo(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) return; // a tombstone on the compacted topic: features are never deleted by events
        Optional<LoggedEvent> event = decode(record, EventTypes.VIDEO_PUBLISHED);
        if (event.isEmpty()) {
            deadLetters.send(List.of(new SimpleEntry<>(record, why(record, EventTypes.VIDEO_PUBLISHED))));
            return;
        }
        var video = (VideoPublished) event.get().payload();
        Optional<String> problem = refresher.problem(video).or(() -> refresher.apply(video));
        problem.ifPresent(p -> deadLetters.send(List.of(new SimpleEntry<>(record, p + " (event " + event.get().id() + ")"))));
    }

    /** The event, or empty when the record is not one of ours of the expected type ({@link #why} says what it is). */
    private static Optional<LoggedEvent> decode(ConsumerRecord<String, byte[]> record, EventTypes expected) {
        if (record.value() == null) return Optional.empty();
        try {
            LoggedEvent event = LoggedEvent.fromRecord(record);
            return event.type() == expected ? Optional.of(event) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String why(ConsumerRecord<String, byte[]> record, EventTypes expected) {
        try {
            LoggedEvent event = LoggedEvent.fromRecord(record);
            return "event type " + event.type().type + " does not belong on topic " + record.topic() + " (expected " + expected.type + ")";
        } catch (RuntimeException e) {
            LOG.debugf(e, "undecodable record %s-%d@%d", record.topic(), record.partition(), record.offset());
            return "not a Reelrank CloudEvent: " + e.getMessage();
        }
    }
}
