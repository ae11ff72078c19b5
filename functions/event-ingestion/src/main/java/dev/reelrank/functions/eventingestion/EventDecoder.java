package dev.reelrank.functions.eventingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Checks one CloudEvent's type and payload and turns it into the {@link LoggedEvent} that goes to
 * Kafka. A payload without its own timestamp gets the event's {@code time}, else the receive time,
 * so every logged payload says when it happened.
 */
public final class EventDecoder {
    private static final String KNOWN_TYPES = Arrays.stream(EventTypes.values())
            .map(t -> t.type).collect(Collectors.joining(", "));

    private final ObjectMapper json = new ObjectMapper();
    private final PayloadRules rules;

    public EventDecoder(FieldLimits limits) {
        this.rules = new PayloadRules(limits);
    }

    /** @throws RejectedEventException naming the attribute or {@code data.*} field at fault */
    public LoggedEvent decode(CloudEvent event, Instant receivedAt) {
        EventTypes type = EventTypes.ofType(event.getType());
        if (type == null) {
            throw RejectedEventException.attribute("type",
                    "unknown event type " + CloudEventReader.shown(event.getType()) + "; accepted: " + KNOWN_TYPES);
        }
        ObjectNode data = dataOf(event);
        Instant fallback = event.getTime() != null ? event.getTime().toInstant() : receivedAt;
        Message payload = switch (type) {
            case INTERACTION -> {
                var parsed = ProtoJson.parse(data, Interaction.getDefaultInstance());
                rules.check(parsed.message(), parsed.present());
                Interaction i = parsed.message();
                yield i.hasOccurredAt() ? i : i.toBuilder().setOccurredAt(timestamp(fallback)).build();
            }
            case VIDEO_PUBLISHED -> {
                var parsed = ProtoJson.parse(data, VideoPublished.getDefaultInstance());
                rules.check(parsed.message());
                VideoPublished v = parsed.message();
                yield v.hasPublishedAt() ? v : v.toBuilder().setPublishedAt(timestamp(fallback)).build();
            }
        };
        return new LoggedEvent(event.getId(), event.getSource(), type, event.getTime(), payload);
    }

    private ObjectNode dataOf(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) throw RejectedEventException.field("data", "the event has no data");
        if (event.getDataContentType() != null && !CloudEventReader.isJson(event.getDataContentType())) {
            throw RejectedEventException.attribute("datacontenttype",
                    "datacontenttype " + event.getDataContentType() + " is not accepted; the data must be JSON");
        }
        JsonNode node;
        if (data instanceof JsonCloudEventData j) {
            node = j.getNode();
        } else {
            byte[] bytes = data.toBytes();
            if (!StrictUtf8.valid(bytes)) throw RejectedEventException.field("data", "the data is not valid UTF-8, which JSON must be");
            try {
                node = json.readTree(bytes);
            } catch (IOException e) {
                throw RejectedEventException.field("data", "the data is not valid JSON: " + CloudEventReader.rootMessage(e));
            }
        }
        if (!(node instanceof ObjectNode object)) {
            throw RejectedEventException.field("data", "the data must be a JSON object");
        }
        return object;
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
