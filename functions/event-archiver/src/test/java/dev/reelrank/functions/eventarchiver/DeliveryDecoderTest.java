package dev.reelrank.functions.eventarchiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DeliveryDecoderTest {
    static Map<String, String> headers(Map<String, String> h) {
        var m = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        m.putAll(h);
        return m;
    }

    @Test
    void aBinaryModeDeliveryDecodesToTheEventTheKafkaPathWouldRead() {
        var e = TestDeliveries.interaction("i-1", "u-1", Instant.parse("2026-11-25T10:00:00Z"));
        var d = DeliveryDecoder.decode(headers(TestDeliveries.ceHeaders(e)), e.payload().toByteArray());
        assertNull(d.problem());
        assertEquals(e, d.event());
        assertEquals("u-1", d.key());
        // Kept as Kafka would have carried them, for a dead letter.
        assertTrue(java.util.Arrays.stream(d.headers()).anyMatch(h -> h.key().equals("ce_id")
                && new String(h.value(), StandardCharsets.UTF_8).equals("i-1")));
    }

    @Test
    void aStructuredDeliveryDecodesToo() {
        var e = TestDeliveries.video("v-1", Instant.parse("2026-11-25T10:00:00Z"));
        var d = DeliveryDecoder.decode(headers(Map.of("Content-Type", "application/cloudevents+json")),
                TestDeliveries.structured(e).getBytes(StandardCharsets.UTF_8));
        assertEquals(e, d.event());
    }

    @Test
    void whatIsNotOurCloudEventSaysWhyAndKeepsTheRequest() {
        byte[] body = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
        var d = DeliveryDecoder.decode(headers(Map.of("Content-Type", "application/json", "ce-key", "k-1")), body);
        assertNull(d.event());
        assertTrue(d.problem().startsWith("not a Reelrank CloudEvent"), d.problem());
        var letter = d.letter(d.problem());
        assertEquals("k-1", letter.key());
        assertEquals(body, letter.value());
    }
}
