package dev.reelrank.eventlog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.reelrank.eventlog.tracing.TraceHeaders;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Appends events to Kafka with acks=all and an idempotent producer; the returned future
 * completes only once the broker has acknowledged every record, which is when ingestion may
 * answer 202.
 */
public final class EventPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;

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

    /**
     * Over a producer the caller made (a {@code MockProducer} in tests); it must already be durable
     * ({@link DurableProducer#settings}) and is closed with this publisher.
     */
    public EventPublisher(Producer<String, byte[]> producer) {
        this.producer = java.util.Objects.requireNonNull(producer, "producer");
    }

    /** Publishes in the caller's current trace context (written as {@code ce_traceparent}, if there is one). */
    public CompletableFuture<RecordMetadata> publish(LoggedEvent event) {
        return publish(event, Context.current());
    }

    /**
     * @param trace the trace the event belongs to, written as its {@code ce_traceparent} /
     *              {@code ce_tracestate} headers (the CloudEvents distributed-tracing extension); a
     *              context without a span writes none
     */
    public CompletableFuture<RecordMetadata> publish(LoggedEvent event, Context trace) {
        try {
            ProducerRecord<String, byte[]> record = event.toRecord();
            TraceHeaders.inject(trace, record.headers());
            return DurableProducer.send(producer, record);
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
