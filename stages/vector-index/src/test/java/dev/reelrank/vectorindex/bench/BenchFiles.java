package dev.reelrank.vectorindex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the index benchmarks share around the measurement: a clean index folder, the box's load. */
final class BenchFiles {
    private BenchFiles() {}

    /** {@code dir}, emptied (a previous run's index would be reopened, not rebuilt) or created. */
    static Path emptyDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return Files.createDirectories(dir);
    }

    /** The 1, 5 and 15 minute load averages, printed beside the numbers they qualify. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
