package dev.reelrank.eventlog;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter as every consumer of ours writes it: the record as it came (key, value, headers, so
 * it can be inspected and replayed unchanged) plus headers saying why it can never be applied, where
 * it came from and which consumer gave it up. One format, so one tool reads every dead-letter topic.
 */
public final class DeadLetterRecord {
    public static final String REASON = "dead-letter-reason";
    public static final String SOURCE_TOPIC = "dead-letter-topic";
    public static final String SOURCE_PARTITION = "dead-letter-partition";
    public static final String SOURCE_OFFSET = "dead-letter-offset";
    public static final String CONSUMER = "dead-letter-consumer";

    /** The source of an HTTP delivery (a KafkaSource), which has no partition or offset of its own. */
    public static final String HTTP = "http";

    private DeadLetterRecord() {}

    /** @param partition the source partition, -1 with {@code offset} -1 for an HTTP delivery */
    public static ProducerRecord<String, byte[]> of(String deadLetterTopic, String key, byte[] value, Header[] headers, String reason,
                                                    String sourceTopic, int partition, long offset, String consumer) {
        var all = new RecordHeaders(headers);
        all.add(REASON, bytes(reason));
        all.add(SOURCE_TOPIC, bytes(sourceTopic));
        all.add(SOURCE_PARTITION, bytes(Integer.toString(partition)));
        all.add(SOURCE_OFFSET, bytes(Long.toString(offset)));
        all.add(CONSUMER, bytes(consumer));
        return new ProducerRecord<>(deadLetterTopic, null, key, value, all);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
