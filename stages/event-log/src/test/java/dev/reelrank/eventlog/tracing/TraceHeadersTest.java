package dev.reelrank.eventlog.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";
    static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

    static Context spanContext() {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, SPAN, TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "x").build())));
    }

    static String traceId(Context c) {
        return Span.fromContext(c).getSpanContext().getTraceId();
    }

    @Test
    void writesTheSpanAsCeTraceparentAndReadsItBack() {
        var headers = new RecordHeaders();
        TraceHeaders.inject(spanContext(), headers);
        assertEquals(TRACEPARENT, new String(headers.lastHeader("ce_traceparent").value(), StandardCharsets.UTF_8));
        assertEquals("vendor=x", new String(headers.lastHeader("ce_tracestate").value(), StandardCharsets.UTF_8));
        Context read = TraceHeaders.extract(headers);
        assertEquals(TRACE, traceId(read));
        assertEquals(SPAN, Span.fromContext(read).getSpanContext().getSpanId());
    }

    @Test
    void replacesAnOlderTraceparentInsteadOfAddingASecond() {
        var headers = new RecordHeaders();
        headers.add("ce_traceparent", "00-11111111111111111111111111111111-2222222222222222-01".getBytes(StandardCharsets.UTF_8));
        TraceHeaders.inject(spanContext(), headers);
        int count = 0;
        for (var h : headers.headers("ce_traceparent")) count++;
        assertEquals(1, count);
        assertEquals(TRACE, traceId(TraceHeaders.extract(headers)));
    }

    @Test
    void noSpanWritesNothingAndNoHeaderReadsAsRoot() {
        var headers = new RecordHeaders();
        TraceHeaders.inject(Context.root(), headers);
        assertNull(headers.lastHeader("ce_traceparent"));
        assertFalse(TraceHeaders.hasSpan(TraceHeaders.extract(headers)));
    }

    @Test
    void aMalformedTraceparentIsIgnored() {
        var headers = new RecordHeaders();
        headers.add("ce_traceparent", "not-a-traceparent".getBytes(StandardCharsets.UTF_8));
        assertFalse(TraceHeaders.hasSpan(TraceHeaders.extract(headers)));
    }

    @Test
    void cloudEventAttributesWinOverTheFallback() {
        Context fallback = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
        assertEquals(TRACE, traceId(TraceHeaders.extract(Map.of("traceparent", TRACEPARENT)::get, fallback)));
        assertEquals("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", traceId(TraceHeaders.extract(Map.<String, String>of()::get, fallback)));
    }

    @Test
    void httpDeliveryPrefersTheEventsOwnContextOverTheRequests() {
        String other = "00-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-" + SPAN + "-01";
        assertEquals(TRACE, traceId(TraceHeaders.extractHttp(Map.of("Ce-Traceparent", List.of(TRACEPARENT), "traceparent", List.of(other)))));
        assertEquals(TRACE, traceId(TraceHeaders.extractHttp(Map.of("Traceparent", List.of(TRACEPARENT)))));
        assertFalse(TraceHeaders.hasSpan(TraceHeaders.extractHttp(Map.of())));
    }
}
