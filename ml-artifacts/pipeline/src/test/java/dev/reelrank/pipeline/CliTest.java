package dev.reelrank.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.pipeline.datasets.Dataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as the scripts use it: option names, help, errors and exit codes. */
class CliTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void everyCommandHasHelpThatNamesItsOptions() {
        assertEquals(0, run("--help"));
        for (String command : new String[] {"generate", "import", "evaluate", "post", "bulk-load", "bench-events", "bench-freshness", "bench-feed"}) {
            assertTrue(out.toString().contains(command), command);
        }
        assertEquals(0, run("import", "kuairec", "--help"));
        assertTrue(out.toString().contains("--nominal-duration"), out.toString());
        assertEquals(0, run("bulk-load", "--help"));
        assertTrue(out.toString().contains("--rows-per-batch") && out.toString().contains("(default 30s)"), out.toString());
        assertEquals(0, run("evaluate", "-h"));
        assertTrue(out.toString().contains("--quota-ann") && out.toString().contains("--served-url"), out.toString());
    }

    @Test
    void aMisspeltOptionIsAnErrorThatSuggestsTheRightOne() {
        assertEquals(2, run("generate", "--vidoes", "10"));
        assertTrue(err.toString().startsWith("error: Unknown option"), err.toString());
        assertTrue(err.toString().contains("--videos"), err.toString());
    }

    @Test
    void aValueOfTheWrongTypeNamesTheOption() {
        assertEquals(2, run("generate", "--videos", "many"));
        assertTrue(err.toString().contains("'--videos'") && err.toString().contains("'many'"), err.toString());
        assertEquals(2, run("post", "--dataset", "d", "--url", "http://127.0.0.1:1/v1/events", "--part", "some"));
        assertTrue(err.toString().contains("all, train"), err.toString());
    }

    @Test
    void optionsThatOnlyApplyInAnotherModeAreRejected() {
        assertEquals(2, run("evaluate", "--dataset", "d", "--quota-ann", "7"));
        assertTrue(err.toString().contains("error: --quota-ann goes with --model"), err.toString());
        assertEquals(2, run("post", "--dataset", "d", "--url", "http://127.0.0.1:1/v1/events", "--split", "time"));
        assertTrue(err.toString().contains("go with --part train"), err.toString());
    }

    @Test
    void generateTakesUnderscoresAndTheLastOfARepeatedOption(@TempDir Path tmp) {
        Path dir = tmp.resolve("w");
        assertEquals(0, run("generate", "--videos", "5_000", "--users", "200", "--interactions", "5_000", "--seed", "3",
                "--threads", "1", "--quiet", "--out", dir.toString(), "--videos", "1_000"));
        assertTrue(Files.exists(dir.resolve("manifest.json")));
        var d = Dataset.load(dir);
        assertEquals(1_000, d.videoCount());
        assertEquals(5_000, d.rows);
        assertEquals("world-1k-200-5k-s3", d.manifest.name());
    }
}
