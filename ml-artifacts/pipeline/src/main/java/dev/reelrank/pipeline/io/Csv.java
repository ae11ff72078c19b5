package dev.reelrank.pipeline.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The small subset of RFC 4180 our dataset files use: comma separated, a field is quoted only
 * when it holds a comma, quote or line break, and a quote inside quotes is doubled. Empty field
 * means "unknown".
 *
 * <p>Kept rather than Apache Commons CSV (1.14.1), measured on this 2-core box: on a generated
 * world's interactions (12 columns, 1.2M rows, 74 MB, the file {@code Dataset.load} reads most)
 * splitting every line took 0.4-0.8 s here and 0.9-1.6 s through Commons CSV's parser; on KuaiRec's
 * three columns (1M rows) the two were even (0.40-0.42 s against 0.43-0.46 s). Our files never need
 * what Commons CSV adds (quoted line breaks, other dialects), and it would bring commons-io and
 * commons-codec along.
 */
public final class Csv {
    private Csv() {}

    public static StringBuilder field(StringBuilder sb, String value) {
        if (value == null || value.isEmpty()) return sb;
        boolean quote = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') { quote = true; break; }
        }
        if (!quote) return sb.append(value);
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') sb.append('"');
            sb.append(c);
        }
        return sb.append('"');
    }

    /** Splits one line; a quoted field may not span lines (our writers replace line breaks in titles). */
    public static String[] split(String line) {
        if (line.indexOf('"') < 0) return splitPlain(line, ',');
        List<String> out = new ArrayList<>();
        var cur = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                    else inQuotes = false;
                } else cur.append(c);
            } else if (c == '"') inQuotes = true;
            else if (c == ',') { out.add(cur.toString()); cur.setLength(0); }
            else cur.append(c);
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }

    /** Fast split on a single character, no quoting; keeps empty fields. */
    public static String[] splitPlain(String line, char sep) {
        int n = 1;
        for (int i = 0; i < line.length(); i++) if (line.charAt(i) == sep) n++;
        String[] out = new String[n];
        int start = 0, k = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == sep) { out[k++] = line.substring(start, i); start = i + 1; }
        }
        out[k] = line.substring(start);
        return out;
    }

    /** Index of each expected column in a header line; fails naming the missing one. */
    public static int[] columns(String header, String file, String... names) {
        String[] h = split(header.startsWith("\uFEFF") ? header.substring(1) : header);
        int[] idx = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            idx[i] = -1;
            for (int j = 0; j < h.length; j++) if (h[j].trim().equalsIgnoreCase(names[i])) idx[i] = j;
            if (idx[i] < 0) throw new IllegalArgumentException(file + ": header has no column '" + names[i] + "' (header: " + header + ")");
        }
        return idx;
    }
}
