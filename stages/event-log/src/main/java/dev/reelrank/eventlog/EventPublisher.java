package dev.reelrank.eventlog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Appends events to Kafka with acks=all and an idempotent producer; the returned future
 * completes only once the broker has acknowledged every record, which is when ingestion may
 * answer 202.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    /** @param overrides any producer setting (e.g. linger.ms, delivery.timeout.ms); durability settings win */
    public EventPublisher(String bootstrapServers, Map<String, Object> overrides) {
        this.producer = DurableProducer.create(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "reelrank-event-publisher",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), overrides);
    }

    public CompletableFuture<RecordMetadata> publish(LoggedEvent event) {
        try {
            return DurableProducer.send(producer, event.toRecord());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** All or failure: completes when every event is acknowledged, fails if any is not. */
    public CompletableFuture<List<RecordMetadata>> publishAll(List<LoggedEvent> events) {
        return DurableProducer.sendAll(events, this::publish);
    }

    @Override
    public void close() {
        producer.close();
    }
}
