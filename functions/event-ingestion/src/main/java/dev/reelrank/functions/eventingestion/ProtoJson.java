package dev.reelrank.functions.eventingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Protobuf's canonical JSON mapping, applied one field at a time so that an unknown or malformed
 * field can be named ({@code data.watchSeconds}) instead of reported as "the payload is wrong".
 * Field-by-field merging gives the same message as parsing the whole object: our payloads are flat.
 *
 * <p>Stricter than {@link JsonFormat} on JSON types: JsonFormat turns {@code true} or {@code 0}
 * into the id "true" or "0", takes an enum's number for its name and a quoted "12" for a number.
 * A producer that sends those has a bug we would rather report than store, so here a string field
 * takes a JSON string, an enum one of its names (not the {@code *_unspecified} placeholder), a
 * number field a JSON number and a timestamp an RFC 3339 string. {@code null} keeps meaning "not
 * given", as in the canonical mapping.
 */
final class ProtoJson {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private ProtoJson() {}

    /** The parsed message and the non-null fields the client actually sent (by JSON name), for presence checks. */
    record Parsed<M extends Message>(M message, Set<String> present) {}

    @SuppressWarnings("unchecked")
    static <M extends Message> Parsed<M> parse(ObjectNode data, M prototype) {
        Message.Builder builder = prototype.newBuilderForType();
        var given = new HashSet<String>();
        var present = new HashSet<String>();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            FieldDescriptor field = fieldOf(prototype, e.getKey());
            if (field == null) {
                String key = CloudEventReader.shown(e.getKey());
                throw RejectedEventException.field("data." + key, "unknown field " + key
                        + " in " + prototype.getDescriptorForType().getName());
            }
            String name = "data." + field.getJsonName();
            if (!given.add(field.getJsonName())) {
                throw RejectedEventException.field(name, "field " + field.getJsonName() + " is given twice");
            }
            JsonNode value = e.getValue();
            if (value.isNull()) continue;
            checkJsonType(field, value, name);
            if (setDirectly(builder, field, value)) {
                present.add(field.getJsonName());
                continue;
            }
            try {
                PARSER.merge("{" + quote(e.getKey()) + ":" + value + "}", builder);
            } catch (InvalidProtocolBufferException | RuntimeException ex) {
                throw RejectedEventException.field(name, "field " + field.getJsonName() + " is invalid: " + ex.getMessage());
            }
            present.add(field.getJsonName());
        }
        return new Parsed<>((M) builder.build(), present);
    }

    /**
     * Strings, enum names and booleans, once {@link #checkJsonType} accepted them, map to exactly the
     * value the canonical parser would set; setting them here skips a JSON write and a JSON parse per
     * field, a quarter of the event API's profile samples under load (JFR, BENCHMARKS.md issue 15). Numbers,
     * timestamps and repeated fields keep going through {@link JsonFormat} for its range and format rules.
     */
    private static boolean setDirectly(Message.Builder builder, FieldDescriptor field, JsonNode value) {
        if (field.isRepeated()) return false;
        switch (field.getJavaType()) {
            case STRING -> builder.setField(field, value.textValue());
            case ENUM -> builder.setField(field, field.getEnumType().findValueByName(value.textValue()));
            case BOOLEAN -> builder.setField(field, value.booleanValue());
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void checkJsonType(FieldDescriptor field, JsonNode value, String name) {
        if (!field.isRepeated()) {
            checkElement(field, value, field.getJsonName(), name);
            return;
        }
        if (!value.isArray()) {
            throw RejectedEventException.field(name, "field " + field.getJsonName() + " must be a JSON array, got " + kind(value));
        }
        for (int i = 0; i < value.size(); i++) {
            checkElement(field, value.get(i), field.getJsonName() + "[" + i + "]", name);
        }
    }

    private static void checkElement(FieldDescriptor field, JsonNode value, String label, String name) {
        String expected = switch (field.getJavaType()) {
            case STRING, BYTE_STRING -> value.isTextual() ? null : "a JSON string";
            case INT, LONG, FLOAT, DOUBLE -> value.isNumber() ? null : "a JSON number";
            case BOOLEAN -> value.isBoolean() ? null : "true or false";
            case ENUM -> value.isTextual() && acceptedNames(field).contains(value.textValue()) ? null
                    : "one of the names " + String.join(", ", acceptedNames(field));
            case MESSAGE -> isTimestamp(field)
                    ? (value.isTextual() ? null : "an RFC 3339 timestamp string")
                    : (value.isObject() ? null : "a JSON object");
        };
        if (expected != null) {
            String got = field.getJavaType() == FieldDescriptor.JavaType.ENUM && value.isTextual()
                    ? "\"" + CloudEventReader.shown(value.textValue()) + "\""
                    : kind(value);
            throw RejectedEventException.field(name, "field " + label + " must be " + expected + ", got " + got);
        }
    }

    /** The names a client may send for an enum field: all but the zero placeholder, which means "not given". */
    static List<String> acceptedNames(FieldDescriptor field) {
        return field.getEnumType().getValues().stream()
                .filter(v -> v.getNumber() != 0)
                .map(EnumValueDescriptor::getName)
                .collect(Collectors.toList());
    }

    private static boolean isTimestamp(FieldDescriptor field) {
        return field.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName());
    }

    private static String kind(JsonNode value) {
        if (value.isTextual()) return "a string";
        if (value.isNumber()) return "a number";
        if (value.isBoolean()) return "a boolean";
        if (value.isArray()) return "an array";
        if (value.isObject()) return "an object";
        return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static FieldDescriptor fieldOf(Message prototype, String key) {
        for (FieldDescriptor f : prototype.getDescriptorForType().getFields()) {
            if (f.getJsonName().equals(key) || f.getName().equals(key)) return f;
        }
        return null;
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
}
