package dev.reelrank.functions.eventingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile requests for {@code POST /v1/events}, as pure data: a valid CloudEvent of one of the
 * three content modes, then one mutation. Everything comes from the {@link Random} passed in, so a
 * seed replays a run exactly (the fuzz tests print theirs), and nothing here needs a server: the
 * same requests drive the in-process property test, the no-Kafka HTTP fuzz and the stack's IT.
 *
 * <p>Header values stay within what an HTTP/1.1 client can send at all (no CR, LF or other control
 * characters, no characters above U+00FF) and within the server's header size: past those, Netty
 * refuses the request itself, before any code of ours runs, which is not what this exercises.
 */
public final class HostileRequests {
    /** The three CloudEvents HTTP modes. */
    public enum Mode {
        BINARY("application/json"), STRUCTURED("application/cloudevents+json"), BATCH("application/cloudevents-batch+json");

        public final String contentType;

        Mode(String contentType) {
            this.contentType = contentType;
        }
    }

    /** What was done to the valid request; {@link #NONE} leaves it valid. */
    public enum Mutation {
        NONE, DROP_FIELD, DUPLICATE_FIELD, RETYPE_FIELD, HUGE_NUMBER, DEEP_NESTING, LONG_STRING,
        CONTROL_CHARACTERS, BAD_UTF8, WRONG_CONTENT_TYPE, TRUNCATED_JSON, RANDOM_BYTES, HUGE_BATCH
    }

    /**
     * One request. {@code headers} holds everything but Content-Type (the ce-* attributes in binary
     * mode); {@code contentType} may be null (not sent).
     */
    public record Request(Mode mode, Mutation mutation, String contentType, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            // Printable ASCII as is, every other byte as \xNN: the report must survive a terminal.
            var shown = new StringBuilder();
            for (int i = 0; i < Math.min(body.length, 300); i++) {
                int b = body[i] & 0xff;
                if (b >= 0x20 && b < 0x7f) shown.append((char) b);
                else shown.append(String.format("\\x%02x", b));
            }
            return mode + "/" + mutation + " Content-Type=" + contentType + " headers=" + abbreviated(headers)
                    + " body(" + body.length + " bytes)=" + shown;
        }

        private static Map<String, String> abbreviated(Map<String, String> headers) {
            var m = new LinkedHashMap<String, String>();
            headers.forEach((k, v) -> m.put(k, v.length() > 80 ? v.substring(0, 80) + "...(" + v.length() + ")" : v));
            return m;
        }
    }

    /** Events in the occasional oversize batch (the issue's 5,000). */
    public static final int HUGE_BATCH_SIZE = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ACTIONS = {"impression", "click", "watch", "like", "dislike", "share", "skip",
            "not_interested", "subscribe", "unsubscribe"};
    private static final String[] OTHER_CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/cloudevents", "application/json-seq", "*/*", "application/*",
            "application/cloudevents+json; charset=latin1", "APPLICATION/CLOUDEVENTS-BATCH+JSON", "application/json;;;",
            "a/b/c", "/", ";", "application/cloudevents+xml", "text/json", "application/cloudevents-batch+json; q=0"};
    private static final String[] HOSTILE_VALUES = {"true", "false", "0", "-1", "1e308", "-1e308", "1e400", "NaN",
            "Infinity", "-Infinity", "1.7976931348623157E309", "123456789012345678901234567890", "-0", "0.0000001e-400",
            "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"", "\" \"", "\"watch\"", "\"1\"", "null"};
    private static final String[] HUGE_NUMBERS = {"1e308", "-1e308", "1e400", "-1e400", "4.9e-324", "1e-400",
            "99999999999999999999999999999999999999", "-9223372036854775809", "2147483648", "-2147483649",
            "86400.000001", "86401", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "01", "+1", ".5", "5."};
    private static final char[] CONTROLS = {'\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\u000b', '\f', '\r',
            '\u001b', '\u001f', '\u007f', '\u0085', '\u00a0', '\u200b', '\u200e', '\u2028', '\u2029', '\u202e',
            '\ufeff', '\ufffe', '\uffff', '\ud800', '\udfff', '\ue000'};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xc3, 0x28}, {(byte) 0xff}, {(byte) 0xfe}, {(byte) 0xc0, (byte) 0x80},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

    private HostileRequests() {}

    /** Accept headers a client may send; null (none) most of the time. */
    private static final String[] ACCEPTS = {"text/plain", "application/xml", "*/*", "application/problem+json",
            "application/json;q=0", "text/html, application/xhtml+xml", "garbage", "/", "application/*", "image/png"};

    /** An Accept header for the request, or null for none (two in three). */
    public static String accept(Random random) {
        return random.nextInt(3) != 0 ? null : ACCEPTS[random.nextInt(ACCEPTS.length)];
    }

    /** A request of the given mode, valid (about one in eight) or mutated. */
    public static Request next(Mode mode, Random random) {
        Mutation[] all = Mutation.values();
        Mutation m;
        if (random.nextInt(8) == 0) {
            m = Mutation.NONE;
        } else {
            do {
                m = all[1 + random.nextInt(all.length - 1)];
            } while (m == Mutation.HUGE_BATCH && (mode != Mode.BATCH || random.nextInt(20) != 0));
        }
        return next(mode, m, random);
    }

    /** A request of the given mode with the given mutation. */
    public static Request next(Mode mode, Mutation mutation, Random random) {
        if (mutation == Mutation.HUGE_BATCH) return hugeBatch(random);
        List<ObjectNode> events = new ArrayList<>();
        int n = mode == Mode.BATCH ? 1 + random.nextInt(12) : 1;
        for (int i = 0; i < n; i++) events.add(validEvent(random));
        var headers = new LinkedHashMap<String, String>();
        String contentType = mode.contentType;
        if (random.nextInt(4) == 0) contentType += "; charset=utf-8";
        ObjectNode target = events.get(random.nextInt(events.size()));
        // In binary mode the attributes travel as headers and the body is the data alone.
        JsonNode bodyNode;
        if (mode == Mode.BINARY) {
            ObjectNode event = events.getFirst();
            for (String a : List.of("specversion", "id", "source", "type", "time")) {
                if (event.has(a)) headers.put("ce-" + a, event.get(a).asText());
            }
            bodyNode = event.get("data");
        } else if (mode == Mode.STRUCTURED) {
            bodyNode = events.getFirst();
        } else {
            ArrayNode array = NODES.arrayNode();
            events.forEach(array::add);
            bodyNode = array;
        }
        String text = bodyNode.toString();
        byte[] body = null;
        switch (mutation) {
            case NONE -> {}
            case DROP_FIELD -> {
                if (mode == Mode.BINARY && random.nextBoolean()) {
                    headers.remove(pick(random, new ArrayList<>(headers.keySet())));
                } else {
                    ObjectNode where = random.nextBoolean() || mode == Mode.BINARY ? (ObjectNode) target.get("data") : target;
                    if (where.size() > 0) where.remove(pick(random, fieldNames(where)));
                    text = bodyNode.toString();
                }
            }
            case DUPLICATE_FIELD -> {
                ObjectNode where = mode == Mode.BINARY || random.nextBoolean() ? (ObjectNode) target.get("data") : target;
                String name = pick(random, fieldNames(where));
                String original = where.toString();
                // Jackson's tree cannot hold a key twice: splice the copy into the text.
                String duplicated = "{" + JSON.valueToTree(name) + ":" + hostileValue(random) + "," + original.substring(1);
                text = text.replace(original, duplicated);
            }
            case RETYPE_FIELD -> {
                if (mode == Mode.BINARY && random.nextInt(3) == 0) {
                    String h = pick(random, new ArrayList<>(headers.keySet()));
                    headers.put(h, pick(random, List.of("", " ", "1", "2.0", "0.3", "true", "null", "{}", "[]", "\"1.0\"")));
                } else {
                    ObjectNode where = mode == Mode.BINARY || random.nextBoolean() ? (ObjectNode) target.get("data") : target;
                    where.set(pick(random, fieldNames(where)), parse(hostileValue(random)));
                    text = bodyNode.toString();
                }
            }
            case HUGE_NUMBER -> {
                ObjectNode data = (ObjectNode) target.get("data");
                String field = pick(random, List.of("watchSeconds", "position", "durationSeconds", "watchSeconds", "userId"));
                // Spliced as text: NaN, 1e400 and 0x10 are not JSON, which is the point.
                data.remove(field);
                String rest = data.toString();
                String spliced = "{" + JSON.valueToTree(field) + ":" + pick(random, List.of(HUGE_NUMBERS))
                        + (rest.length() > 2 ? "," : "") + rest.substring(1);
                text = bodyNode.toString().replace(rest, spliced);
            }
            case DEEP_NESTING -> {
                int depth = pick(random, List.of(10, 100, 999, 1001, 5_000, 100_000));
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                String nested = open.repeat(depth) + "1" + (random.nextInt(10) == 0 ? "" : close.repeat(depth));
                ObjectNode where = mode == Mode.BINARY || random.nextBoolean() ? (ObjectNode) target.get("data") : target;
                String field = random.nextBoolean() ? pick(random, fieldNames(where)) : "nested";
                where.put(field, "@@NESTED@@");
                text = bodyNode.toString().replace("\"@@NESTED@@\"", nested);
                if (mode == Mode.BINARY && random.nextBoolean()) text = nested;
            }
            case LONG_STRING -> {
                int length = pick(random, List.of(129, 257, 1_000, 65_536, 70_000, 300_000));
                String s = longString(random, length);
                if (mode == Mode.BINARY && random.nextBoolean()) {
                    // Under the server's 20 KiB header cap: anything above is refused by Netty itself.
                    // ...and Latin-1 only: an HTTP/1.1 header carries bytes, the client refuses anything wider.
                    String ascii = s.chars().allMatch(c -> c <= 0xff) ? s : "h".repeat(s.length());
                    headers.put(pick(random, new ArrayList<>(headers.keySet())), ascii.substring(0, Math.min(s.length(), 8_000)));
                } else {
                    ObjectNode where = mode == Mode.BINARY || random.nextBoolean() ? (ObjectNode) target.get("data") : target;
                    where.put(pick(random, fieldNames(where)), s);
                    text = bodyNode.toString();
                }
            }
            case CONTROL_CHARACTERS -> {
                ObjectNode where = mode == Mode.BINARY || random.nextBoolean() ? (ObjectNode) target.get("data") : target;
                String field = pick(random, stringFields(where));
                String value = where.get(field).asText();
                int at = random.nextInt(value.length() + 1);
                char c = CONTROLS[random.nextInt(CONTROLS.length)];
                where.put(field, value.substring(0, at) + c + value.substring(at));
                text = bodyNode.toString();
            }
            case BAD_UTF8 -> {
                // Into a string value, so the bytes are where a lenient decoder would pass them on.
                ObjectNode where = mode == Mode.BINARY || random.nextBoolean() ? (ObjectNode) target.get("data") : target;
                String field = pick(random, stringFields(where));
                where.put(field, where.get(field).asText() + "@@BAD@@");
                byte[] whole = bodyNode.toString().getBytes(StandardCharsets.UTF_8);
                body = replace(whole, "@@BAD@@".getBytes(StandardCharsets.UTF_8), BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
            }
            case WRONG_CONTENT_TYPE -> {
                int k = random.nextInt(OTHER_CONTENT_TYPES.length + 2);
                if (k == OTHER_CONTENT_TYPES.length) {
                    contentType = null;
                } else if (k == OTHER_CONTENT_TYPES.length + 1) {
                    // A real mode, but the other one: a structured body sent as binary, and so on.
                    Mode other = Mode.values()[(mode.ordinal() + 1 + random.nextInt(2)) % 3];
                    contentType = other.contentType;
                } else {
                    contentType = OTHER_CONTENT_TYPES[k];
                }
            }
            case TRUNCATED_JSON -> text = text.substring(0, random.nextInt(Math.max(1, text.length())));
            case RANDOM_BYTES -> {
                body = new byte[random.nextInt(2_000)];
                random.nextBytes(body);
            }
            case HUGE_BATCH -> throw new AssertionError("handled above");
        }
        if (body == null) body = text.getBytes(StandardCharsets.UTF_8);
        return new Request(mode, mutation, contentType, Collections.unmodifiableMap(headers), body);
    }

    /** A valid request of the given mode: must always be accepted. */
    public static Request valid(Mode mode, Random random) {
        return next(mode, Mutation.NONE, random);
    }

    private static Request hugeBatch(Random random) {
        // Small events, so that the batch stays under the body limit and the batch limit is what is hit.
        var out = new StringBuilder(HUGE_BATCH_SIZE * 180).append('[');
        for (int i = 0; i < HUGE_BATCH_SIZE; i++) {
            if (i > 0) out.append(',');
            out.append("{\"specversion\":\"1.0\",\"id\":\"").append(eventId(random)).append("\",\"source\":\"/f\",")
                    .append("\"type\":\"video.interaction\",\"data\":{\"userId\":\"u").append(random.nextInt(1000))
                    .append("\",\"videoId\":\"v").append(random.nextInt(1000)).append("\",\"action\":\"click\"}}");
        }
        out.append(']');
        return new Request(Mode.BATCH, Mutation.HUGE_BATCH, Mode.BATCH.contentType, Map.of(),
                out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A valid structured event: an interaction (any action) or a video.published. */
    static ObjectNode validEvent(Random random) {
        ObjectNode event = NODES.objectNode();
        event.put("specversion", "1.0");
        event.put("id", eventId(random));
        event.put("source", pick(random, List.of("/fuzz", "/app/ios", "urn:reelrank:fuzz", "https://example.org/p")));
        if (random.nextBoolean()) event.put("time", "2026-12-0" + (1 + random.nextInt(6)) + "T1" + random.nextInt(10) + ":00:00Z");
        ObjectNode data = NODES.objectNode();
        if (random.nextInt(5) == 0) {
            event.put("type", "video.published");
            data.put("videoId", "fv" + random.nextInt(10_000));
            data.put("channelId", "fc" + random.nextInt(100));
            data.put("title", "Fuzz video " + random.nextInt(1000));
            data.put("durationSeconds", 1 + random.nextInt(3600));
            data.put("category", pick(random, List.of("music", "news", "sports")));
            data.put("language", pick(random, List.of("en", "de", "ja")));
            data.putArray("tags").add("fuzz").add("t" + random.nextInt(10));
        } else {
            event.put("type", "video.interaction");
            String action = ACTIONS[random.nextInt(ACTIONS.length)];
            data.put("userId", "fu" + random.nextInt(10_000));
            data.put("action", action);
            if (action.equals("subscribe") || action.equals("unsubscribe")) {
                data.put("channelId", "fc" + random.nextInt(100));
            } else {
                data.put("videoId", "fv" + random.nextInt(10_000));
            }
            if (action.equals("watch")) data.put("watchSeconds", random.nextInt(3600) + random.nextInt(100) / 100.0);
            if (action.equals("not_interested") && random.nextBoolean()) {
                data.put("target", "channel");
                data.put("channelId", "fc" + random.nextInt(100));
            }
            if (random.nextBoolean()) data.put("surface", random.nextBoolean() ? "home" : "up_next");
            if (random.nextBoolean()) data.put("position", random.nextInt(50));
            if (random.nextBoolean()) data.put("device", pick(random, List.of("ios", "android", "web", "tv")));
            if (random.nextBoolean()) data.put("region", pick(random, List.of("US", "DE", "JP")));
        }
        event.set("data", data);
        return event;
    }

    static String eventId(Random random) {
        return "fz-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    private static String hostileValue(Random random) {
        return HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)];
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception notJson) {
            // NaN, Infinity, 1e400: not JSON (or not a finite double); kept as the text the client would send.
            return NODES.textNode(json);
        }
    }

    private static String longString(Random random, int length) {
        char fill = pick(random, List.of('u', '9', '-', '\u00e9', '\u4e2d'));
        var s = new StringBuilder(length);
        for (int i = 0; i < length; i++) s.append(fill);
        return s.toString();
    }

    private static List<String> fieldNames(ObjectNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) names.add("userId");
        return names;
    }

    private static List<String> stringFields(ObjectNode node) {
        var names = new ArrayList<String>();
        node.properties().forEach(e -> { if (e.getValue().isTextual()) names.add(e.getKey()); });
        if (names.isEmpty()) {
            node.put("userId", "u1");
            names.add("userId");
        }
        return names;
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] replace(byte[] in, byte[] marker, byte[] with) {
        var out = new ByteArrayOutputStream(in.length + with.length);
        for (int i = 0; i < in.length; i++) {
            if (i + marker.length <= in.length && java.util.Arrays.equals(in, i, i + marker.length, marker, 0, marker.length)) {
                out.writeBytes(with);
                i += marker.length - 1;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }
}
