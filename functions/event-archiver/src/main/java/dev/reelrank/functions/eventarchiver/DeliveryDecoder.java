package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventlog.LoggedEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One HTTP delivery as the Kafka path would see it: a binary-mode CloudEvent (ce-* headers, the
 * protobuf body: what a KafkaSource sends for a record that is a CloudEvent in Kafka's binary mode)
 * or a structured one, decoded by the same {@link LoggedEvent#fromCloudEvent} as
 * {@link LoggedEvent#fromRecord}. What cannot be decoded keeps the request as it came, for the
 * dead-letter topic.
 */
final class DeliveryDecoder {
    private DeliveryDecoder() {}

    /** The event (null when undecodable, then {@code problem} says why) and the request in Kafka's form. */
    record Decoded(LoggedEvent event, String problem, String key, byte[] body, Header[] headers) {
        DeadLetters.Letter letter(String reason) {
            return new DeadLetters.Letter(key, body, headers, reason);
        }
    }

    /** @param headers request headers by case-insensitive name */
    static Decoded decode(Map<String, String> headers, byte[] body) {
        var kafkaHeaders = new ArrayList<Header>();
        headers.forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-")) kafkaHeaders.add(new RecordHeader("ce_" + name.substring(3), v.getBytes(StandardCharsets.UTF_8)));
            else if (name.equals("content-type")) kafkaHeaders.add(new RecordHeader("content-type", v.getBytes(StandardCharsets.UTF_8)));
        });
        Header[] asReceived = kafkaHeaders.toArray(Header[]::new);
        // The record's Kafka key, as KafkaSource passes it on (partitionkey from the CloudEvents Kafka binding, or its own key).
        String sentKey = headers.getOrDefault("ce-partitionkey", headers.get("ce-key"));
        try {
            CloudEvent event = HttpMessageFactory.createReader(headers, body).toEvent();
            LoggedEvent logged = LoggedEvent.fromCloudEvent(event);
            return new Decoded(logged, null, sentKey != null ? sentKey : keyOf(logged), body, asReceived);
        } catch (RuntimeException e) {
            return new Decoded(null, "not a Reelrank CloudEvent: " + e.getMessage(), sentKey, body, asReceived);
        }
    }

    private static String keyOf(LoggedEvent event) {
        try {
            return event.key();
        } catch (RuntimeException none) {
            return null;
        }
    }
}
