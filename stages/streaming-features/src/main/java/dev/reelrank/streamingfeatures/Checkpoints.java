package dev.reelrank.streamingfeatures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint under a checkpoint directory. Flink lays them out as
 * {@code <dir>/<job id>/chk-<n>/}, and a checkpoint is complete once its {@code _metadata} file is
 * written (the last step), so an interrupted one (a process killed mid-checkpoint) has none and is
 * skipped. Each run of the job is a new job id; the newest {@code _metadata} across all of them wins.
 */
public final class Checkpoints {
    private Checkpoints() {}

    public static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(Checkpoints::completed)
                    .max(Comparator.comparing(Checkpoints::modified).thenComparing(Checkpoints::number));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the newest completed checkpoint was written, if there is one. */
    public static Optional<java.time.Instant> latestTime(Path dir) {
        return latest(dir).map(chk -> java.time.Instant.ofEpochMilli(modified(chk)));
    }

    private static Stream<Path> completed(Path jobDir) {
        try (Stream<Path> s = Files.list(jobDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .toList().stream();
        } catch (IOException e) {
            return Stream.empty();   // a job directory removed while we look
        }
    }

    private static long modified(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static long number(Path chk) {
        try {
            return Long.parseLong(chk.getFileName().toString().substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
