package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's W3C trace context reaches the Kafka record as the CloudEvents distributed-tracing
 * extension (ce_traceparent), with the shipped configuration, in which no span is exported.
 */
@QuarkusTest
@TestProfile(CapturedRecords.class)
class TracePropagationTest {
    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER = "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01";
    static final String EVENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String EVENT = "00-" + EVENT_TRACE + "-b7ad6b7169203331-01";
    // "like" touches neither Redis nor anything else outside the publisher.
    static final String LIKE = """
            {"userId":"u1","videoId":"v1","action":"like","surface":"home","position":2}""";

    @BeforeEach
    void clear() {
        CapturedRecords.PRODUCER.clear();
    }

    static String traceIdOf(ProducerRecord<String, byte[]> record) {
        Header h = record.headers().lastHeader("ce_traceparent");
        assertTrue(h != null, "no ce_traceparent on " + record);
        String traceparent = new String(h.value(), StandardCharsets.UTF_8);
        return traceparent.split("-")[1];
    }

    @Test
    void aTraceparentHeaderContinuesIntoTheRecord() {
        given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", "t1").header("ce-source", "/t")
                .header("ce-type", "video.interaction").header("traceparent", CALLER)
                .body(LIKE)
                .when().post("/v1/events").then().statusCode(202);
        List<ProducerRecord<String, byte[]>> sent = CapturedRecords.PRODUCER.history();
        assertEquals(1, sent.size());
        assertEquals(CALLER_TRACE, traceIdOf(sent.getFirst()));
    }

    @Test
    void anEventsOwnTraceparentAttributeWinsOverTheRequests() {
        given().contentType("application/cloudevents-batch+json").header("traceparent", CALLER)
                .body("""
                        [{"specversion":"1.0","id":"t2","source":"/t","type":"video.interaction","traceparent":"%s","data":%s},
                         {"specversion":"1.0","id":"t3","source":"/t","type":"video.interaction","data":%s}]"""
                        .formatted(EVENT, LIKE, LIKE))
                .when().post("/v1/events").then().statusCode(202);
        List<ProducerRecord<String, byte[]>> sent = CapturedRecords.PRODUCER.history();
        assertEquals(2, sent.size());
        assertEquals(EVENT_TRACE, traceIdOf(sent.get(0)));
        assertEquals(CALLER_TRACE, traceIdOf(sent.get(1)));
    }

    @Test
    void withoutAnyTraceTheRecordStillGetsOneOfItsOwn() {
        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"t4","source":"/t","type":"video.interaction","data":%s}""".formatted(LIKE))
                .when().post("/v1/events").then().statusCode(202);
        String trace = traceIdOf(CapturedRecords.PRODUCER.history().getFirst());
        assertFalse(trace.equals(CALLER_TRACE) || trace.matches("0+"), trace);
    }

    @Test
    void noSpanIsExportedWithoutAnEndpoint() {
        // Quarkus's OTLP span processor bean is a removable no-op unless an endpoint resolved.
        var otlp = Arc.container().select(SpanProcessor.class).handlesStream()
                .filter(h -> h.getBean().getBeanClass().getName().endsWith(".otlp.tracing.LateBoundSpanProcessor"))
                .map(h -> h.get().getClass().getSimpleName()).toList();
        assertEquals(List.of("RemoveableLateBoundSpanProcessor"), otlp);
        assertNull(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }
}
