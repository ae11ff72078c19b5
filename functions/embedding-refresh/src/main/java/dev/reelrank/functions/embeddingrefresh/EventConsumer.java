package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka → feature store. Each record is acknowledged when this method returns, and the throttled
 * commit strategy commits an offset only once every record before it is acknowledged: at-least-once.
 * A record that can never be applied (not our CloudEvent, unparsable, missing ids) is logged and
 * skipped so it cannot block its partition; a store failure is retried, then thrown (no ack).
 *
 * <p>{@code @Blocking} keeps the channel ordered, one record at a time on a worker thread: a
 * user's interactions are folded in the order they were logged.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    @Inject
    FeatureRefresher refresher;

    @Incoming("interactions")
    @Blocking
    public void onInteraction(ConsumerRecord<String, byte[]> record) {
        decode(record, EventTypes.INTERACTION).ifPresent(event -> {
            var interaction = (Interaction) event.payload();
            Optional<String> problem = FeatureRefresher.problem(interaction);
            if (problem.isPresent()) skip(record, problem.get() + " (event " + event.id() + ")");
            else refresher.apply(interaction, FeatureRefresher.eventHash(event.source().toString(), event.id()));
        });
    }

    @Incoming("videos")
    @Blocking
    public void onVideo(ConsumerRecord<String, byte[]> record) {
        decode(record, EventTypes.VIDEO_PUBLISHED).ifPresent(event -> {
            var video = (VideoPublished) event.payload();
            Optional<String> problem = FeatureRefresher.problem(video);
            if (problem.isPresent()) skip(record, problem.get() + " (event " + event.id() + ")");
            else refresher.apply(video);
        });
    }

    private static Optional<LoggedEvent> decode(ConsumerRecord<String, byte[]> record, EventTypes expected) {
        if (record.value() == null) {
            // A tombstone on a compacted topic: nothing to apply (features are never deleted by events).
            LOG.debugf("skipping tombstone %s-%d@%d", record.topic(), record.partition(), record.offset());
            return Optional.empty();
        }
        try {
            LoggedEvent event = LoggedEvent.fromRecord(record);
            if (event.type() != expected) {
                skip(record, "event type " + event.type().type + " does not belong on this topic");
                return Optional.empty();
            }
            return Optional.of(event);
        } catch (RuntimeException e) {
            skip(record, "not a Reelrank CloudEvent: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static void skip(ConsumerRecord<String, byte[]> record, String why) {
        LOG.warnf("skipping record %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(), record.key(), why);
    }
}
