package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.DurableProducer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RequestSendsTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    final List<String> handedToProducer = new ArrayList<>();

    CompletableFuture<RecordMetadata> send(String item) {
        handedToProducer.add(item);
        if (item.startsWith("down")) {
            return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("not present in metadata"));
        }
        return CompletableFuture.completedFuture(new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 1, 1));
    }

    static Throwable failure(CompletableFuture<?> all) {
        Throwable error = all.handle((ok, e) -> e).join();
        return error instanceof CompletionException c ? c.getCause() : error;
    }

    @Test
    void allSentBeforeTheDeadline() {
        var sends = new RequestSends<String>(this::send, CLOCK, NOW.plusSeconds(10));
        assertEquals(3, DurableProducer.sendAll(List.of("a", "b", "c"), sends).join().size());
        assertEquals(List.of("a", "b", "c"), handedToProducer);
    }

    @Test
    void afterASendFailedAtOnceTheRestAreNotHandedToTheProducer() {
        var sends = new RequestSends<String>(this::send, CLOCK, NOW.plusSeconds(10));
        var all = DurableProducer.sendAll(List.of("a", "down1", "b", "c"), sends);
        assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, failure(all));
        assertEquals(List.of("a", "down1"), handedToProducer);
    }

    @Test
    void nothingIsSentPastTheRequestsDeadline() {
        var sends = new RequestSends<String>(this::send, CLOCK, NOW);
        var all = DurableProducer.sendAll(List.of("a", "b"), sends);
        assertInstanceOf(TimeoutException.class, failure(all));
        assertTrue(handedToProducer.isEmpty());
    }
}
