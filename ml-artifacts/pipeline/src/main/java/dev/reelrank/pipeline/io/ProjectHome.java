package dev.reelrank.pipeline.io;

import java.nio.file.Path;

/**
 * The repository root, against which default output folders resolve. The scripts set it
 * ({@code -Dreelrank.home}); a leaf class so every command can read it without importing the
 * command-line entry point that lists the commands.
 */
public final class ProjectHome {
    private ProjectHome() {}

    public static Path root() {
        return Path.of(System.getProperty("reelrank.home", "."));
    }
}
