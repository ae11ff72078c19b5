import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints README's configuration table: every environment variable a function's
 * application.properties reads (${NAME:default}), its default, the functions and properties that
 * read it, and the first sentence of the comment above it. The properties files are the source
 * of truth; ConfigurationTableTest fails when README's table and they disagree.
 *
 * <pre>java scripts/lib/ConfigTable.java [repository root]</pre>
 */
public class ConfigTable {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

    record Use(String function, String property, String defaultValue, String meaning) {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Map<String, List<Use>> uses = new TreeMap<>();
        try (var dirs = Files.list(root.resolve("functions"))) {
            for (Path fn : dirs.sorted().toList()) {
                Path props = fn.resolve("src/main/resources/application.properties");
                if (Files.isRegularFile(props)) read(fn.getFileName().toString(), Files.readAllLines(props), uses);
            }
        }
        System.out.println("| variable | default | read by | property | meaning |");
        System.out.println("| --- | --- | --- | --- | --- |");
        uses.forEach((env, list) -> {
            var defaults = new TreeSet<String>();
            var functions = new TreeSet<String>();
            var properties = new TreeSet<String>();
            String meaning = "";
            for (Use u : list) {
                defaults.add(u.defaultValue().isEmpty() ? "(empty)" : "`" + u.defaultValue() + "`");
                functions.add(u.function());
                properties.add("`" + u.property() + "`");
                if (meaning.isEmpty()) meaning = u.meaning();
            }
            System.out.printf("| `%s` | %s | %s | %s | %s |%n", env,
                    String.join(" / ", defaults), String.join(", ", functions), String.join(", ", properties),
                    meaning.replace("|", "\\|"));
        });
    }

    static void read(String function, List<String> lines, Map<String, List<Use>> uses) {
        var comment = new ArrayList<String>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                String text = line.replaceFirst("^#+\\s?", "");
                // "# --- Section ---" headers and commented-out defaults are not explanations.
                if (text.startsWith("---") || text.matches("[a-z%][\\w.%\"-]*=.*")) comment.clear();
                else comment.add(text);
                continue;
            }
            if (line.isEmpty()) { comment.clear(); continue; }
            int eq = line.indexOf('=');
            if (eq > 0) {
                Matcher m = ENV.matcher(line.substring(eq + 1));
                while (m.find()) {
                    uses.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                            .add(new Use(function, line.substring(0, eq).strip(), m.group(2), firstSentence(comment)));
                }
            }
            comment.clear();
        }
    }

    static String firstSentence(List<String> comment) {
        String text = String.join(" ", comment).replaceAll("\\s+", " ").strip();
        Matcher end = Pattern.compile("[.;:](\\s|$)").matcher(text);
        if (end.find()) text = text.substring(0, end.start() + 1);
        return text.length() > 220 ? text.substring(0, 217) + "..." : text;
    }
}
