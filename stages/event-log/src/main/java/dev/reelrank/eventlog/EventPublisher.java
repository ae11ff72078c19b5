package dev.reelrank.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends events to Kafka with acks=all and an idempotent producer; the returned future
 * completes only once the broker has acknowledged every record, which is when ingestion may
 * answer 202.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    /** @param overrides any producer setting (e.g. linger.ms, delivery.timeout.ms); durability settings win */
    public EventPublisher(String bootstrapServers, Map<String, Object> overrides) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "reelrank-event-publisher");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.putAll(overrides);
        // Not negotiable: an accepted event must survive a broker failure and never be duplicated by retries.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    public CompletableFuture<RecordMetadata> publish(LoggedEvent event) {
        var done = new CompletableFuture<RecordMetadata>();
        try {
            producer.send(event.toRecord(), (metadata, error) -> {
                if (error != null) done.completeExceptionally(error);
                else done.complete(metadata);
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** All or failure: completes when every event is acknowledged, fails if any is not. */
    public CompletableFuture<List<RecordMetadata>> publishAll(List<LoggedEvent> events) {
        var futures = new ArrayList<CompletableFuture<RecordMetadata>>(events.size());
        for (LoggedEvent e : events) futures.add(publish(e));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public void close() {
        producer.close();
    }
}
