package dev.reelrank.streamingfeatures;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * A Kafka record as read, undecoded, so that a record which cannot be decoded still reaches the
 * dead-letter topic as it was (same key, value and headers).
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                        String[] headerKeys, byte[][] headerValues) {

    public static RawRecord of(ConsumerRecord<byte[], byte[]> r) {
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (Header h : r.headers()) {
            keys.add(h.key());
            values.add(h.value());
        }
        return new RawRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(),
                keys.toArray(String[]::new), values.toArray(byte[][]::new));
    }

    public RecordHeaders headers() {
        var headers = new RecordHeaders();
        for (int i = 0; i < headerKeys.length; i++) headers.add(headerKeys[i], headerValues[i]);
        return headers;
    }

    /** The record as the CloudEvents Kafka reader takes it: String key, the original headers. */
    public ConsumerRecord<String, byte[]> toConsumerRecord() {
        String k = key == null ? null : new String(key, StandardCharsets.UTF_8);
        return new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, k, value, headers(), java.util.Optional.empty());
    }
}
