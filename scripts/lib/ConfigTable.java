import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README's configuration table: one row per environment variable a function's
 * application.properties reads (${NAME:default}) or the streaming features job reads
 * (StreamingFeaturesConfig's Javadoc table), with its defaults, the programs that read it, the
 * properties it sets and its meaning. The meaning is the first sentence of the comment directly
 * above the property (the job: its Javadoc cell), so those comments are written to open with a
 * sentence that stands alone. The sources are the truth; ConfigurationTableTest (knative/) fails
 * when README's block and they disagree, or when a property has no comment.
 *
 * <pre>
 * java scripts/lib/ConfigTable.java [root]                 print the block
 * java scripts/lib/ConfigTable.java --write-readme [root]  rewrite README.md between the markers
 * java scripts/lib/ConfigTable.java --missing [root]       list env-reading properties without a meaning
 * </pre>
 */
public class ConfigTable {
    static final String BEGIN = "<!-- config-table:begin -->";
    static final String END = "<!-- config-table:end -->";
    static final String STREAMING_CONFIG =
            "stages/streaming-features/src/main/java/dev/reelrank/streamingfeatures/StreamingFeaturesConfig.java";

    /** One program reading one variable into one property. */
    record Use(String reader, String property, String env, String defaultValue, String meaning) {}

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 && args[0].startsWith("--") ? args[0] : "--print";
        int rootArg = mode.equals("--print") ? 0 : 1;
        Path root = Path.of(args.length > rootArg ? args[rootArg] : ".");
        List<Use> uses = Sources.read(root);
        switch (mode) {
            // Bytes, not System.out.print: stdout's charset follows the locale, which may not know "→".
            case "--print" -> {
                System.out.write(Table.render(uses).getBytes(StandardCharsets.UTF_8));
                System.out.flush();
            }
            case "--write-readme" -> Readme.write(root.resolve("README.md"), Table.render(uses));
            case "--missing" -> uses.stream().filter(u -> u.meaning().isEmpty())
                    .forEach(u -> System.out.println(u.reader() + ": " + u.property() + " (" + u.env() + ")"));
            default -> {
                System.err.println("usage: ConfigTable [--write-readme | --missing] [root]");
                System.exit(2);
            }
        }
    }

    /** Collects the uses: every function's properties in name order, then the streaming job. */
    static final class Sources {
        static List<Use> read(Path root) throws IOException {
            var uses = new ArrayList<Use>();
            try (var dirs = Files.list(root.resolve("functions"))) {
                for (Path fn : dirs.sorted().toList()) {
                    Path props = fn.resolve("src/main/resources/application.properties");
                    if (Files.isRegularFile(props))
                        uses.addAll(PropertiesFile.uses(fn.getFileName().toString(), Files.readAllLines(props)));
                }
            }
            Path streaming = root.resolve(STREAMING_CONFIG);
            if (Files.isRegularFile(streaming)) uses.addAll(StreamingJavadoc.uses(Files.readString(streaming)));
            return uses;
        }
    }

    /** The ${NAME:default} properties of one application.properties, each with its comment. */
    static final class PropertiesFile {
        private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");
        private static final Pattern COMMENTED_OUT = Pattern.compile("[a-z%][\\w.%\"/-]*\\.[\\w.%\"/-]*=\\S*");

        static List<Use> uses(String function, List<String> lines) {
            var uses = new ArrayList<Use>();
            var comment = new ArrayList<String>();
            for (String raw : lines) {
                String line = raw.strip();
                if (line.startsWith("#")) {
                    String text = line.replaceFirst("^#+\\s?", "");
                    // "# --- Section ---" headers and commented-out properties explain nothing below
                    // them; prose such as "combine=sum: score = ..." is no property (no dotted key).
                    if (text.startsWith("---") || COMMENTED_OUT.matcher(text).matches()) comment.clear();
                    else comment.add(text.strip());
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq > 0) {
                    Matcher m = ENV.matcher(line.substring(eq + 1));
                    while (m.find())
                        uses.add(new Use(function, line.substring(0, eq).strip(), m.group(1), m.group(2),
                                Sentences.first(String.join(" ", comment))));
                }
                // Only a comment directly above a property explains it: a blank line or the
                // property itself ends the block.
                comment.clear();
            }
            return uses;
        }
    }

    /** The rows of StreamingFeaturesConfig's Javadoc table: property, env, default, meaning. */
    static final class StreamingJavadoc {
        private static final Pattern ROW = Pattern.compile(
                "<tr><td>([^<]+)</td><td>([A-Z][A-Z0-9_]*)</td><td>([^<]*)</td><td>(.*?)</td></tr>");

        static List<Use> uses(String source) {
            var uses = new ArrayList<Use>();
            Matcher m = ROW.matcher(source);
            while (m.find())
                uses.add(new Use("streaming-features", "reelrank.streaming." + m.group(1), m.group(2), m.group(3),
                        capitalized(Sentences.first(javadocText(m.group(4))))));
            return uses;
        }

        /** The cells are phrases ("stop at the end offsets ..."); the table shows sentences. */
        private static String capitalized(String text) {
            return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
        }

        private static final Pattern CODE = Pattern.compile("\\{@code ([^}]*)}");

        /** Markdown of a cell: {@code x} becomes `x` as written, tags are dropped elsewhere. */
        private static String javadocText(String html) {
            var out = new StringBuilder();
            Matcher code = CODE.matcher(html);
            int at = 0;
            while (code.find()) {
                out.append(prose(html.substring(at, code.start()))).append('`').append(code.group(1)).append('`');
                at = code.end();
            }
            return out.append(prose(html.substring(at))).toString();
        }

        private static String prose(String html) {
            return html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        }
    }

    /** The meaning of a comment: its first sentence, whole. */
    static final class Sentences {
        // A sentence ends at '.', '!' or '?' followed by a space or the end, but not in "e.g." or "i.e.".
        private static final Pattern END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e)[.!?](?=\\s|$)");

        static String first(String comment) {
            String text = comment.replaceAll("\\s+", " ").strip();
            if (text.isEmpty()) return "";
            Matcher end = END.matcher(text);
            return end.find() ? text.substring(0, end.end()) : text + ".";
        }
    }

    /** The Markdown block: the table, then how to set what it does not list. */
    static final class Table {
        static String render(List<Use> uses) {
            Map<String, List<Use>> byEnv = new TreeMap<>();
            for (Use u : uses) byEnv.computeIfAbsent(u.env(), k -> new ArrayList<>()).add(u);
            var out = new StringBuilder();
            out.append("| variable | default | read by | property | meaning |\n");
            out.append("| --- | --- | --- | --- | --- |\n");
            byEnv.forEach((env, list) -> out.append(row(env, list)));
            out.append("\n");
            out.append("Any other property of a function's `application.properties` (Quarkus and MicroProfile Config) can be\n");
            out.append("set by its environment-variable form even though it is not listed: upper case, every character other\n");
            out.append("than a letter or digit replaced by `_` (`reelrank.feed.max-limit` → `REELRANK_FEED_MAX_LIMIT`,\n");
            out.append("`quarkus.log.category.\"dev.reelrank\".level` → `QUARKUS_LOG_CATEGORY__DEV_REELRANK__LEVEL`). The\n");
            out.append("streaming features job is no Quarkus program: it reads only the variables above, or\n");
            out.append("`-Dreelrank.streaming.<name>`.\n");
            return out.toString();
        }

        private static String row(String env, List<Use> list) {
            Map<String, Set<String>> readersByDefault = new LinkedHashMap<>();
            Set<String> readers = new LinkedHashSet<>();
            Set<String> properties = new LinkedHashSet<>();
            String meaning = "";
            for (Use u : list) {
                // "\\u0020" is how a properties file writes a blank default that still counts as set.
                String value = u.defaultValue().isBlank() || u.defaultValue().equals("\\u0020") ? "(empty)" : "`" + u.defaultValue() + "`";
                readersByDefault.computeIfAbsent(value, k -> new LinkedHashSet<>()).add(u.reader());
                readers.add(u.reader());
                properties.add("`" + u.property() + "`");
                // The first reader's comment speaks for all: comments of a shared variable open with
                // the same general sentence and keep what is particular to one function for later.
                if (meaning.isEmpty()) meaning = u.meaning();
            }
            return "| `%s` | %s | %s | %s | %s |\n".formatted(env, defaults(readersByDefault),
                    String.join(", ", readers), String.join(", ", properties), cell(meaning));
        }

        /** One default as it is; several each with the programs that have it. */
        private static String defaults(Map<String, Set<String>> readersByDefault) {
            if (readersByDefault.size() == 1) return readersByDefault.keySet().iterator().next();
            var parts = new ArrayList<String>();
            readersByDefault.forEach((value, readers) -> parts.add(value + " (" + String.join(", ", readers) + ")"));
            return String.join(", ", parts);
        }

        private static String cell(String text) {
            return text.replace("|", "\\|");
        }
    }

    /** Rewrites README.md's block between the markers. */
    static final class Readme {
        static void write(Path readme, String block) throws IOException {
            String text = Files.readString(readme);
            int begin = text.indexOf(BEGIN), end = text.indexOf(END);
            if (begin < 0 || end < begin) throw new IllegalStateException(readme + " has no " + BEGIN + " ... " + END + " block");
            int from = begin + BEGIN.length() + 1;
            Files.writeString(readme, text.substring(0, from) + block + text.substring(end));
        }
    }
}
