package dev.reelrank.eventlog.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;

/**
 * The spans in which a consumer applies events: one CONSUMER span per event, whose parent is the
 * context the event was produced in (its {@code ce_traceparent}), so a trace runs from the
 * producer's request to the fold or the archive file. Consumers apply events a batch at a time, so
 * each span covers the application of the batch its event was in.
 */
public final class ConsumerSpans {
    private final Tracer tracer;

    public ConsumerSpans(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** Spans started for one batch; {@link #end} ends them all. Not thread-safe: one binding call owns it. */
    public final class Batch {
        private final String operation;
        private final List<Span> spans = new ArrayList<>();

        private Batch(String operation) {
            this.operation = operation;
        }

        /** Starts the span of a record read from Kafka. */
        public Span add(Headers headers) {
            return add(TraceHeaders.extract(headers));
        }

        /** Starts the span of an event produced in {@code parent} (e.g. {@link TraceHeaders#extractHttp}). */
        public Span add(Context parent) {
            Span span = tracer.spanBuilder(operation).setSpanKind(SpanKind.CONSUMER).setParent(parent).startSpan();
            spans.add(span);
            return span;
        }

        /** Runs {@code work} (the application of the batch), then ends every span, marked if it threw. */
        public <T> T applying(Supplier<T> work) {
            try {
                T result = work.get();
                end(null);
                return result;
            } catch (RuntimeException | Error e) {
                end(e);
                throw e;
            }
        }

        /** Ends every span; a failure marks them all, since the batch was applied (or not) as one. */
        public void end(Throwable failure) {
            for (Span span : spans) {
                if (failure != null) span.setStatus(StatusCode.ERROR, failure.toString());
                span.end();
            }
            spans.clear();
        }
    }

    /** Spans that record nothing, for consumers run without tracing (tools, benchmarks). */
    public static ConsumerSpans none() {
        return new ConsumerSpans(io.opentelemetry.api.OpenTelemetry.noop().getTracer("reelrank"));
    }

    /** @param operation the span name, e.g. "interactions process" */
    public Batch batch(String operation) {
        return new Batch(operation);
    }
}
