package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.tracing.TraceHeaders;
import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole validation of one request, framework-free: read the CloudEvents, decode every
 * payload. All or nothing: the first invalid event rejects the request (with its batch index),
 * so a batch is never half published.
 */
public final class EventIngestion {
    private final CloudEventReader reader;
    private final EventDecoder decoder;

    public EventIngestion(IngestionLimits limits, FieldLimits fields) {
        this.reader = new CloudEventReader(limits, fields);
        this.decoder = new EventDecoder(fields);
    }

    /** @throws RejectedEventException for the first problem found */
    public List<LoggedEvent> accept(String contentType, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
        return acceptTraced(contentType, headers, body, receivedAt, Context.root()).stream().map(TracedEvent::event).toList();
    }

    /**
     * As {@link #accept}, each event with the trace it belongs to: its own {@code traceparent}
     * attribute (the CloudEvents distributed-tracing extension: the context the event was created
     * in) if it has one, else {@code request}, the context of the request that carried it.
     *
     * @throws RejectedEventException for the first problem found
     */
    public List<TracedEvent> acceptTraced(String contentType, Map<String, List<String>> headers, byte[] body,
                                          Instant receivedAt, Context request) {
        CloudEventReader.Read read = reader.read(contentType, headers, body);
        var events = new ArrayList<TracedEvent>(read.events().size());
        for (int i = 0; i < read.events().size(); i++) {
            CloudEvent event = read.events().get(i);
            try {
                LoggedEvent decoded = decoder.decode(event, receivedAt);
                events.add(new TracedEvent(decoded, TraceHeaders.extract(name -> stringExtension(event, name), request)));
            } catch (RejectedEventException e) {
                throw read.mode() == ContentMode.BATCH ? e.atIndex(i) : e;
            }
        }
        return events;
    }

    /** An accepted event and the trace context its record is published in. */
    public record TracedEvent(LoggedEvent event, Context trace) {}

    private static String stringExtension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value instanceof String s ? s : null;
    }
}
