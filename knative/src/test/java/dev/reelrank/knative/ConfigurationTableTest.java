package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's configuration table is generated (scripts/lib/ConfigTable.java) from the functions'
 * application.properties and StreamingFeaturesConfig; a variable added, renamed or given another
 * default there must show up in README too, and every variable must say what it means.
 */
class ConfigurationTableTest {
    private static final String BEGIN = "<!-- config-table:begin -->\n";
    private static final String END = "<!-- config-table:end -->";
    private static final Path STREAMING_CONFIG = Manifests.REPOSITORY.resolve(
            "stages/streaming-features/src/main/java/dev/reelrank/streamingfeatures/StreamingFeaturesConfig.java");

    @Test
    void readmeHoldsTheGeneratedTable() throws Exception {
        String readme = Files.readString(Manifests.REPOSITORY.resolve("README.md"));
        int begin = readme.indexOf(BEGIN), end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no " + BEGIN.strip() + " ... " + END + " block");
        assertEquals(generate(), readme.substring(begin + BEGIN.length(), end),
                "README's configuration table is stale: run java scripts/lib/ConfigTable.java --write-readme .");
    }

    @Test
    void everyPropertyReadFromTheEnvironmentHasAMeaning() throws Exception {
        assertEquals("", generate("--missing"),
                "these properties read an environment variable but have no comment directly above them");
    }

    /** The job's variables come from its Javadoc table: one it reads but does not document would be missing. */
    @Test
    void everyVariableTheStreamingJobReadsIsListed() throws Exception {
        String table = generate();
        var missing = new ArrayList<String>();
        var read = Pattern.compile("r\\.get\\(\"[^\"]+\", \"([A-Z][A-Z0-9_]*)\"").matcher(Files.readString(STREAMING_CONFIG));
        int names = 0;
        while (read.find()) {
            names++;
            if (!Pattern.compile("(?m)^\\| `" + read.group(1) + "` \\|.*streaming-features").matcher(table).find())
                missing.add(read.group(1));
        }
        assertTrue(names > 0, "no r.get(name, ENV, default) calls found in " + STREAMING_CONFIG);
        assertEquals(List.of(), missing, "read by StreamingFeaturesConfig but not in its Javadoc table");
    }

    private static String generate(String... options) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(Manifests.REPOSITORY.resolve("scripts/lib/ConfigTable.java").toString());
        command.addAll(List.of(options));
        command.add(Manifests.REPOSITORY.toString());
        Path errors = Files.createTempFile("config-table", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // A guard against a hung child only; the generator needs a few seconds at most.
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ConfigTable did not finish");
            assertEquals(0, p.exitValue(), "ConfigTable failed: " + Files.readString(errors));
            return out;
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
