package dev.reelrank.eventlog;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An accepted event as it lives on Kafka: a CloudEvent in binary mode (attributes in
 * {@code ce_*} headers, the payload's Protobuf bytes as the value). {@code source} + {@code id}
 * identify it for de-duplication downstream.
 */
public record LoggedEvent(String id, URI source, EventTypes type, OffsetDateTime time, Message payload) {
    public LoggedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    public String key() {
        return type.keyOf(payload);
    }

    public ProducerRecord<String, byte[]> toRecord() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(id).withSource(source).withType(type.type).withTime(time)
                .withDataContentType(EventTypes.PROTOBUF_CONTENT_TYPE)
                .withData(payload.toByteArray())
                .build();
        return KafkaMessageFactory.createWriter(type.topic, key()).writeBinary(event);
    }

    /** @throws IllegalArgumentException for a record that is not one of our CloudEvents */
    public static LoggedEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
        return fromCloudEvent(event);
    }

    public static LoggedEvent fromCloudEvent(CloudEvent event) {
        EventTypes type = EventTypes.ofType(event.getType());
        if (type == null) throw new IllegalArgumentException("unknown event type " + event.getType());
        if (event.getData() == null) throw new IllegalArgumentException("event " + event.getId() + " has no data");
        try {
            Message payload = type.prototype.getParserForType().parseFrom(event.getData().toBytes());
            return new LoggedEvent(event.getId(), event.getSource(), type, event.getTime(), payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("event " + event.getId() + " data is not a " + type.prototype.getDescriptorForType().getName(), e);
        }
    }
}
