package dev.reelrank.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the shared real data sets live: {@code ../shared/data} next to the repository. */
public final class TestData {
    private TestData() {}

    /** The repository root, found by walking up from the working directory (Maven runs tests in the module). */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("ml-artifacts")) && Files.exists(p.resolve("pom.xml")))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        return p;
    }

    public static Optional<Path> sharedData(String name) {
        Path dir = repoRoot().resolve("../shared/data").resolve(name).normalize();
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
}
