package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka → feature store. Interactions arrive in poll batches; a batch is acknowledged when this
 * method returns, and the throttled commit strategy commits an offset only once every record before
 * it is acknowledged: at-least-once (redelivered events are dropped by the user's event hashes).
 * A record that can never be applied (not our CloudEvent, unparsable, missing ids) is logged and
 * skipped so it cannot block its partition; a store failure is retried, then thrown (no ack).
 *
 * <p>Within a batch, each user's events are folded in log order on one lane, and different users'
 * lanes run at once ({@code reelrank.refresh.user-parallelism}): the user's read-modify-write
 * stays single-writer while the store round trips of many users overlap. Videos are one at a time.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    @Inject
    FeatureRefresher refresher;

    @Inject
    RefreshSettings settings;

    @Incoming("interactions")
    @Blocking
    public void onInteractions(ConsumerRecords<String, byte[]> records) {
        // Keyed by user id (the partition key too): one list per user, in offset order.
        Map<String, List<ConsumerRecord<String, byte[]>>> byUser = new LinkedHashMap<>();
        for (var r : records) byUser.computeIfAbsent(r.key() == null ? "" : r.key(), k -> new ArrayList<>()).add(r);
        UserLanes.run(byUser.values(), settings.userParallelism(), lane -> lane.forEach(this::onInteraction));
    }

    void onInteraction(ConsumerRecord<String, byte[]> record) {
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
