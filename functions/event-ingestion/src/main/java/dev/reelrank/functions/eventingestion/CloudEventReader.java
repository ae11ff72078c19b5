package dev.reelrank.functions.eventingestion;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns one HTTP request (Content-Type, headers, body) into CloudEvents, in binary, structured or
 * batch mode. The required context attributes are checked here, before the SDK builds the event,
 * so that a rejection can name the attribute; the SDK then does the decoding proper (extensions,
 * {@code data_base64}, time parsing). Payload checks belong to {@link EventDecoder}.
 */
public final class CloudEventReader {
    private static final String SPEC_VERSION = "1.0";

    // A rejected value is echoed for the client's benefit, not in full: it may be the 70 kB id that got it rejected.
    private static final int SHOWN_CHARS = 64;

    private final IngestionLimits limits;
    private final FieldLimits fields;
    private final ObjectMapper json;

    public CloudEventReader(IngestionLimits limits, FieldLimits fields) {
        this.limits = limits;
        this.fields = fields;
        this.json = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .registerModule(JsonFormat.getCloudEventJacksonModule());
    }

    /** The events of one request, and whether they came as a batch (so errors carry an index). */
    public record Read(ContentMode mode, List<CloudEvent> events) {}

    /** @throws RejectedEventException for anything that is not a well-formed CloudEvents 1.0 request */
    public Read read(String contentType, Map<String, List<String>> headers, byte[] body) {
        if (body != null && body.length > limits.maxBodyBytes()) {
            throw new RejectedEventException(Problem.tooLarge(
                    "body has " + body.length + " bytes; the limit is " + limits.maxBodyBytes()));
        }
        ContentMode mode = ContentMode.of(contentType);
        return switch (mode) {
            case BINARY -> new Read(mode, List.of(readBinary(headers, body)));
            case STRUCTURED -> new Read(mode, List.of(readStructured(parseJson(body))));
            case BATCH -> new Read(mode, readBatch(parseJson(body)));
        };
    }

    private CloudEvent readBinary(Map<String, List<String>> headers, byte[] body) {
        var byName = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> { if (!v.isEmpty()) byName.put(k, v.getFirst()); });
        checkAttributes(a -> byName.get("ce-" + a), a -> "header ce-" + a);
        if (body == null || body.length == 0) {
            throw RejectedEventException.field("data", "the body (the event data) is empty");
        }
        try {
            return HttpMessageFactory.createReader(byName, body).toEvent();
        } catch (RuntimeException e) {
            throw RejectedEventException.invalid("not a valid binary-mode CloudEvent: " + e.getMessage());
        }
    }

    private CloudEvent readStructured(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw RejectedEventException.invalid("a structured CloudEvent must be a JSON object");
        }
        for (String a : List.of("specversion", "id", "source", "type", "time", "datacontenttype")) {
            JsonNode v = object.get(a);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw RejectedEventException.attribute(a, "attribute " + a + " must be a string");
            }
        }
        checkAttributes(a -> object.hasNonNull(a) ? object.get(a).textValue() : null, a -> "attribute " + a);
        if (object.hasNonNull("datacontenttype") && !isJson(object.get("datacontenttype").textValue())) {
            throw RejectedEventException.attribute("datacontenttype",
                    "datacontenttype must be application/json (the data is a JSON object)");
        }
        try {
            return json.treeToValue(object, CloudEvent.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw RejectedEventException.invalid("not a valid structured CloudEvent: " + rootMessage(e));
        }
    }

    private List<CloudEvent> readBatch(JsonNode node) {
        if (!(node instanceof ArrayNode array)) {
            throw RejectedEventException.invalid("a CloudEvents batch must be a JSON array");
        }
        if (array.size() > limits.maxBatchSize()) {
            throw new RejectedEventException(Problem.tooLarge(
                    "batch has " + array.size() + " events; the limit is " + limits.maxBatchSize()));
        }
        var events = new ArrayList<CloudEvent>(array.size());
        var seen = new HashSet<String>();
        for (int i = 0; i < array.size(); i++) {
            try {
                CloudEvent event = readStructured(array.get(i));
                // Two events with one source+id would be one event to every consumer: surely a client bug.
                if (!seen.add(event.getSource() + "\n" + event.getId())) {
                    throw RejectedEventException.attribute("id",
                            "id " + event.getId() + " appears twice in the batch for source " + event.getSource());
                }
                events.add(event);
            } catch (RejectedEventException e) {
                throw e.atIndex(i);
            }
        }
        return events;
    }

    private void checkAttributes(Function<String, String> value, Function<String, String> label) {
        String specversion = value.apply("specversion");
        if (specversion == null) {
            throw RejectedEventException.attribute("specversion", label.apply("specversion") + " is required");
        }
        if (!SPEC_VERSION.equals(specversion)) {
            throw RejectedEventException.attribute("specversion",
                    label.apply("specversion") + " is " + shown(specversion) + "; only 1.0 is supported");
        }
        for (String a : List.of("id", "source", "type")) {
            String v = value.apply(a);
            if (v == null || v.isBlank()) {
                throw RejectedEventException.attribute(a, label.apply(a) + " is required and must not be empty");
            }
        }
        // id and source travel in every Kafka record's headers and make up the consumers' de-duplication key.
        for (String a : List.of("id", "source")) {
            int length = value.apply(a).length();
            if (length > fields.attributeMaxLength()) {
                throw RejectedEventException.attribute(a, label.apply(a) + " has " + length
                        + " characters; the limit is " + fields.attributeMaxLength());
            }
        }
        // A control character (a newline, an escape) forges log lines and breaks the header it travels in;
        // formatting characters (a right-to-left override) make two ids look alike.
        for (String a : List.of("id", "source")) {
            int refused = PrintableText.firstRefused(value.apply(a), PrintableText.Kind.STRICT);
            if (refused >= 0) {
                throw RejectedEventException.attribute(a, label.apply(a) + " holds the character " + PrintableText.name(refused)
                        + "; control, formatting, private-use and unassigned characters are not accepted");
            }
        }
        try {
            new URI(value.apply("source"));
        } catch (URISyntaxException e) {
            throw RejectedEventException.attribute("source", label.apply("source") + " is not a URI-reference: " + e.getMessage());
        }
        String time = value.apply("time");
        if (time != null) {
            try {
                OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                throw RejectedEventException.attribute("time", label.apply("time") + " is not an RFC 3339 timestamp: " + shown(time));
            }
        }
    }

    private JsonNode parseJson(byte[] body) {
        if (body == null || body.length == 0) throw RejectedEventException.invalid("the body is empty");
        if (!StrictUtf8.valid(body)) throw RejectedEventException.invalid("the body is not valid UTF-8, which JSON must be");
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw RejectedEventException.invalid("the body is not valid JSON: " + rootMessage(e));
        }
    }

    /** A client-supplied value cut to a length fit for an error message. */
    static String shown(String value) {
        if (value == null || value.length() <= SHOWN_CHARS) return value;
        return value.substring(0, SHOWN_CHARS) + "... (" + value.length() + " characters)";
    }

    static boolean isJson(String mediaType) {
        String bare = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return bare.equals("application/json") || bare.equals("text/json") || bare.endsWith("+json");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
