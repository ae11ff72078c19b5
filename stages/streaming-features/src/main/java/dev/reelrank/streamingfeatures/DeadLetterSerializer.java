package dev.reelrank.streamingfeatures;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record: the original key, value and headers, plus headers naming the reason and
 * where it came from (the same header names as embedding-refresh's dead letters).
 */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    static final String REASON = "dead-letter-reason";
    static final String SOURCE_TOPIC = "dead-letter-topic";
    static final String SOURCE_PARTITION = "dead-letter-partition";
    static final String SOURCE_OFFSET = "dead-letter-offset";
    static final String CONSUMER = "dead-letter-consumer";

    private final String topic;

    DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        RawRecord r = d.record();
        RecordHeaders headers = r.headers();
        headers.add(REASON, d.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_TOPIC, r.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_PARTITION, Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_OFFSET, Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(CONSUMER, "streaming-features".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, null, r.key(), r.value(), headers);
    }
}
