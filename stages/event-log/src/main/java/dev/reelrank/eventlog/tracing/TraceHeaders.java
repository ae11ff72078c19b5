package dev.reelrank.eventlog.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context of an event, carried as the CloudEvents distributed-tracing extension:
 * the {@code traceparent} / {@code tracestate} attributes, which in Kafka binary mode are the
 * {@code ce_traceparent} / {@code ce_tracestate} headers and over HTTP (a KafkaSource delivery)
 * {@code ce-traceparent} or, for the request's own context, {@code traceparent}.
 *
 * <p>The W3C propagator is used directly rather than the globally configured one: reading and
 * writing these headers must not depend on whether an SDK, an exporter or a sampler is set up, so
 * a trace stays connected across functions even where one of them exports nothing.
 */
public final class TraceHeaders {
    /** The extension's attribute names, which are also the W3C header names. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** Kafka binary mode prefixes every CloudEvent attribute with this. */
    public static final String KAFKA_PREFIX = "ce_";
    /** HTTP binary mode prefixes every CloudEvent attribute with this. */
    public static final String HTTP_PREFIX = "ce-";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private TraceHeaders() {}

    /**
     * Writes the context's span as {@code ce_traceparent} (and {@code ce_tracestate}), replacing
     * any already there; a context without a valid span writes nothing.
     */
    public static void inject(Context context, Headers headers) {
        W3C.inject(context, headers, KAFKA_SETTER);
    }

    /** The context a consumed record was produced in; {@link Context#root()} if it carries none (or a malformed one). */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, KAFKA_GETTER);
    }

    /**
     * The context named by CloudEvent attributes, read through {@code attribute} (name → value or
     * null), e.g. a parsed CloudEvent's extensions; {@code fallback} if they name none.
     */
    public static Context extract(Function<String, String> attribute, Context fallback) {
        Context found = W3C.extract(Context.root(), attribute, ATTRIBUTE_GETTER);
        return hasSpan(found) ? found : fallback;
    }

    /**
     * The context of an event delivered over HTTP in binary mode: its own {@code ce-traceparent}
     * if present, else the request's {@code traceparent}; header names are matched ignoring case.
     */
    public static Context extractHttp(Map<String, List<String>> headers) {
        Function<String, String> first = name -> headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        Context own = extract(a -> first.apply(HTTP_PREFIX + a), Context.root());
        return hasSpan(own) ? own : extract(first, Context.root());
    }

    /** Whether the context holds a valid span context (a trace to continue). */
    public static boolean hasSpan(Context context) {
        return io.opentelemetry.api.trace.Span.fromContext(context).getSpanContext().isValid();
    }

    private static final TextMapSetter<Headers> KAFKA_SETTER = (headers, key, value) -> {
        if (headers == null) return;
        headers.remove(KAFKA_PREFIX + key);
        headers.add(KAFKA_PREFIX + key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Headers> KAFKA_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return () -> java.util.stream.StreamSupport.stream(headers.spliterator(), false)
                    .map(Header::key).filter(k -> k.startsWith(KAFKA_PREFIX))
                    .map(k -> k.substring(KAFKA_PREFIX.length())).iterator();
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) return null;
            Header h = headers.lastHeader(KAFKA_PREFIX + key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapGetter<Function<String, String>> ATTRIBUTE_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> attribute) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Function<String, String> attribute, String key) {
            return attribute == null ? null : attribute.apply(key);
        }
    };
}
