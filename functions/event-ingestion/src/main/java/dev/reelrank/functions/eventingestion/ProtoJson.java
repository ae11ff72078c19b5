package dev.reelrank.functions.eventingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Protobuf's canonical JSON mapping, applied one field at a time so that an unknown or malformed
 * field can be named ({@code data.watchSeconds}) instead of reported as "the payload is wrong".
 * Field-by-field merging gives the same message as parsing the whole object: our payloads are flat.
 */
final class ProtoJson {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private ProtoJson() {}

    /** The parsed message and the fields the client actually sent (by JSON name), for presence checks. */
    record Parsed<M extends Message>(M message, Set<String> present) {}

    @SuppressWarnings("unchecked")
    static <M extends Message> Parsed<M> parse(ObjectNode data, M prototype) {
        Message.Builder builder = prototype.newBuilderForType();
        var present = new HashSet<String>();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            FieldDescriptor field = fieldOf(prototype, e.getKey());
            if (field == null) {
                throw RejectedEventException.field("data." + e.getKey(), "unknown field " + e.getKey()
                        + " in " + prototype.getDescriptorForType().getName());
            }
            String name = "data." + field.getJsonName();
            if (!present.add(field.getJsonName())) {
                throw RejectedEventException.field(name, "field " + field.getJsonName() + " is given twice");
            }
            try {
                PARSER.merge("{" + quote(e.getKey()) + ":" + e.getValue() + "}", builder);
            } catch (InvalidProtocolBufferException | RuntimeException ex) {
                throw RejectedEventException.field(name, "field " + field.getJsonName() + " is invalid: " + ex.getMessage());
            }
        }
        return new Parsed<>((M) builder.build(), present);
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
