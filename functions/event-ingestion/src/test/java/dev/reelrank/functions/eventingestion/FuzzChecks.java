package dev.reelrank.functions.eventingestion;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.reelrank.eventlog.LoggedEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the fuzz tests require of an accepted event, checked independently of the validation code:
 * no value that would poison a consumer, a key or a log line got through.
 */
final class FuzzChecks {
    private FuzzChecks() {}

    /** Single-valued headers as the JAX-RS multimap EventIngestion takes. */
    static Map<String, List<String>> multi(Map<String, String> headers) {
        var m = new LinkedHashMap<String, List<String>>();
        headers.forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }

    /** @return why the event is poison, or null when it is fine */
    static String poison(LoggedEvent event, FieldLimits limits) {
        String why = text("ce id", event.id(), limits.attributeMaxLength());
        if (why == null) why = text("ce source", event.source().toString(), limits.attributeMaxLength());
        return why != null ? why : poison(event.payload(), limits);
    }

    private static String poison(Message payload, FieldLimits limits) {
        for (var e : payload.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            List<?> values = f.isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue());
            for (Object v : values) {
                String why = switch (v) {
                    case String s when f.getName().endsWith("_id") -> id(f.getName(), s, limits);
                    case String s -> text(f.getName(), s, limits.descriptionMaxLength());
                    case Double d when !Double.isFinite(d) || d < 0 || d > limits.maxWatchSeconds() -> f.getName() + " = " + d;
                    case Integer i when i < 0 -> f.getName() + " = " + i;
                    default -> null;
                };
                if (why != null) return why;
            }
        }
        return null;
    }

    private static String id(String name, String s, FieldLimits limits) {
        if (s.length() > limits.idMaxLength()) return name + " has " + s.length() + " characters";
        if (!Pattern.matches("[A-Za-z0-9._:@-]*", s)) return name + " has odd characters: " + s;
        return null;
    }

    /** No control, format, private-use or unassigned character and no lone surrogate; newlines only in long text. */
    private static String text(String name, String s, int max) {
        if (s.codePointCount(0, s.length()) > max) return name + " is too long";
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int type = Character.getType(c);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
            if ((type == Character.CONTROL && !(lineBreak && name.equals("description")))
                    || type == Character.SURROGATE || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return name + " holds U+" + Integer.toHexString(c);
            }
            i += Character.charCount(c);
        }
        return null;
    }
}
