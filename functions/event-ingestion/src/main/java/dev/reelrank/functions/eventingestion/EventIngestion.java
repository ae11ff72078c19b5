package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.LoggedEvent;
import io.cloudevents.CloudEvent;
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
        CloudEventReader.Read read = reader.read(contentType, headers, body);
        var events = new ArrayList<LoggedEvent>(read.events().size());
        for (int i = 0; i < read.events().size(); i++) {
            CloudEvent event = read.events().get(i);
            try {
                events.add(decoder.decode(event, receivedAt));
            } catch (RejectedEventException e) {
                throw read.mode() == ContentMode.BATCH ? e.atIndex(i) : e;
            }
        }
        return events;
    }
}
