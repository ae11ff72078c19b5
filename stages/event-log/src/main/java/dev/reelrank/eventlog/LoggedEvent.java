package dev.reelrank.eventlog;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
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

    /**
     * Decodes a record. A binary-mode record of spec version 1.0 (what every Reelrank producer
     * writes) is read straight from the four headers this type needs: the CloudEvents SDK's reader
     * turns every header into a string, builds the whole event and parses its URIs on each record,
     * which a profile of the fold put at ~8 % of its CPU. Anything else (structured mode, another
     * spec version, no spec version) goes through the SDK, which also names what is wrong.
     *
     * @throws IllegalArgumentException for a record that is not one of our CloudEvents
     */
    public static LoggedEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        LoggedEvent fast = fromBinaryHeaders(record);
        if (fast != null) return fast;
        CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
        return fromCloudEvent(event);
    }

    /** The binary-mode fast path of {@link #fromRecord}, or null where it does not apply. */
    private static LoggedEvent fromBinaryHeaders(ConsumerRecord<String, byte[]> record) {
        String specVersion = null, id = null, source = null, type = null, time = null;
        for (Header h : record.headers()) {
            String key = h.key();
            if (key.equals("content-type")) {
                byte[] v = h.value();
                if (v != null && startsWith(v, STRUCTURED_PREFIX)) return null;
                continue;
            }
            if (!key.startsWith("ce_")) continue;
            switch (key) {
                case "ce_specversion" -> specVersion = text(h);
                case "ce_id" -> id = text(h);
                case "ce_source" -> source = text(h);
                case "ce_type" -> type = text(h);
                case "ce_time" -> time = text(h);
                default -> { } // extensions (traceparent, ...) are read by whoever needs them
            }
        }
        if (!"1.0".equals(specVersion) || id == null || id.isEmpty() || source == null || source.isEmpty() || type == null) return null;
        EventTypes eventType = EventTypes.ofType(type);
        if (eventType == null) throw new IllegalArgumentException("unknown event type " + type);
        if (record.value() == null) throw new IllegalArgumentException("event " + id + " has no data");
        OffsetDateTime at;
        try {
            at = time == null ? null : OffsetDateTime.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("event " + id + " has a malformed time: " + e.getMessage(), e);
        }
        try {
            Message payload = eventType.prototype.getParserForType().parseFrom(record.value());
            return new LoggedEvent(id, Sources.uri(source), eventType, at, payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("event " + id + " data is not a " + eventType.prototype.getDescriptorForType().getName(), e);
        }
    }

    private static final byte[] STRUCTURED_PREFIX = "application/cloudevents".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] value, byte[] prefix) {
        if (value.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (Character.toLowerCase(value[i]) != prefix[i]) return false;
        return true;
    }

    private static String text(Header h) {
        byte[] v = h.value();
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /**
     * Parsed sources: a stream carries a handful of them (one per producer), and parsing a URI per
     * record is measurable. Bounded, so a producer inventing sources cannot grow it.
     */
    private static final class Sources {
        private static final int MAX = 1024;
        private static final ConcurrentHashMap<String, URI> PARSED = new ConcurrentHashMap<>();

        static URI uri(String source) {
            URI known = PARSED.get(source);
            if (known != null) return known;
            URI parsed;
            try {
                parsed = new URI(source);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("source is not a URI reference: " + e.getMessage(), e);
            }
            if (PARSED.size() < MAX) PARSED.putIfAbsent(source, parsed);
            return parsed;
        }
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
