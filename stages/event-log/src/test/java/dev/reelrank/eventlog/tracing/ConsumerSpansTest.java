package dev.reelrank.eventlog.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsumerSpansTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PRODUCER_SPAN = "00f067aa0ba902b7";

    final InMemorySpanExporter exported = InMemorySpanExporter.create();
    final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    final ConsumerSpans spans = new ConsumerSpans(provider.get("test"));

    @AfterEach
    void close() {
        provider.close();
    }

    static RecordHeaders withTraceparent(String traceparent) {
        var h = new RecordHeaders();
        h.add("ce_traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void aRecordsCeTraceparentIsTheParentOfTheSpanThatAppliesIt() {
        var batch = spans.batch("interactions process");
        batch.add(withTraceparent("00-" + TRACE + "-" + PRODUCER_SPAN + "-01"));
        batch.add(new RecordHeaders());
        batch.end(null);

        List<SpanData> done = exported.getFinishedSpanItems();
        assertEquals(2, done.size());
        SpanData continued = done.getFirst();
        assertEquals("interactions process", continued.getName());
        assertEquals(SpanKind.CONSUMER, continued.getKind());
        assertEquals(TRACE, continued.getTraceId());
        assertEquals(PRODUCER_SPAN, continued.getParentSpanId());
        // A record without a trace starts one of its own.
        assertNotEquals(TRACE, done.get(1).getTraceId());
        assertFalse(done.get(1).getParentSpanContext().isValid());
    }

    @Test
    void aFailedBatchMarksEverySpan() {
        var batch = spans.batch("videos process");
        batch.add(withTraceparent("00-" + TRACE + "-" + PRODUCER_SPAN + "-01"));
        batch.add(withTraceparent("00-" + TRACE + "-" + PRODUCER_SPAN + "-01"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> batch.applying(() -> { throw new IllegalStateException("store down"); }));
        assertEquals(List.of(StatusCode.ERROR, StatusCode.ERROR),
                exported.getFinishedSpanItems().stream().map(s -> s.getStatus().getStatusCode()).toList());
    }
}
