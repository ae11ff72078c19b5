package dev.reelrank.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer every Reelrank writer of a topic shares (String keys, byte[] values): a record
 * whose future completed survives a broker failure (acks=all) and is never duplicated or reordered
 * by the producer's own retries (idempotence). Each writer brings its tuning (client id, batching,
 * timeouts); the user's overrides win over that tuning, never over durability.
 */
public final class DurableProducer {
    private DurableProducer() {}

    /**
     * @param tuning    the writer's defaults: bootstrap.servers, client.id, linger.ms, ...
     * @param overrides any producer setting the user chose; replaces the tuning, not the durability settings
     */
    public static Properties settings(Map<String, ?> tuning, Map<String, ?> overrides) {
        var props = new Properties();
        props.putAll(tuning);
        props.putAll(overrides);
        // Not negotiable: an accepted record must survive a broker failure and never be duplicated by retries.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** A producer with {@link #settings}. */
    public static KafkaProducer<String, byte[]> create(Map<String, ?> tuning, Map<String, ?> overrides) {
        return new KafkaProducer<>(settings(tuning, overrides));
    }

    /** Completes when the broker has acknowledged the record; fails when it did not, or when send itself threw. */
    public static CompletableFuture<RecordMetadata> send(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        var done = new CompletableFuture<RecordMetadata>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) done.completeExceptionally(error);
                else done.complete(metadata);
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** All or failure: sends every item, completes when each is acknowledged, fails if any is not. */
    public static <T> CompletableFuture<List<RecordMetadata>> sendAll(List<T> items, Function<? super T, CompletableFuture<RecordMetadata>> send) {
        var futures = new ArrayList<CompletableFuture<RecordMetadata>>(items.size());
        for (T item : items) futures.add(send.apply(item));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }
}
