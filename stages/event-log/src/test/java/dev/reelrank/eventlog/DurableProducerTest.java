package dev.reelrank.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DurableProducerTest {
    @Test
    void overridesReplaceTheTuningButNeverTheDurabilitySettings() {
        var props = DurableProducer.settings(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "k:9092", ProducerConfig.LINGER_MS_CONFIG, 2),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 50, ProducerConfig.ACKS_CONFIG, "0",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));

        assertEquals("k:9092", props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals(50, props.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("all", props.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("org.apache.kafka.common.serialization.StringSerializer", props.get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG));
        assertEquals("org.apache.kafka.common.serialization.ByteArraySerializer", props.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG));
    }

    @Test
    void sendAllKeepsTheOrderOfItsItems() {
        var a = metadata(1);
        var b = metadata(2);
        var all = DurableProducer.sendAll(List.of("a", "b"), s -> CompletableFuture.completedFuture(s.equals("a") ? a : b));
        assertEquals(List.of(a, b), all.join());
    }

    @Test
    void sendAllFailsWhenOneRecordIsNotAcknowledged() {
        var refused = new IllegalStateException("not acknowledged");
        var all = DurableProducer.sendAll(List.of("a", "b"),
                s -> s.equals("a") ? CompletableFuture.completedFuture(metadata(1)) : CompletableFuture.failedFuture(refused));
        var e = assertThrows(CompletionException.class, all::join);
        assertSame(refused, e.getCause());
        assertTrue(all.isCompletedExceptionally());
    }

    private static RecordMetadata metadata(long offset) {
        return new RecordMetadata(new TopicPartition("t", 0), offset, 0, 0L, 1, 1);
    }
}
