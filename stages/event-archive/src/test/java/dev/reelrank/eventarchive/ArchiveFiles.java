package dev.reelrank.eventarchive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Listing helpers over an archive folder, for tests. */
final class ArchiveFiles {
    private ArchiveFiles() {}

    static List<Path> all(Path root) throws IOException {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static List<Path> dataFiles(Path root, ArchiveTable table) throws IOException {
        return all(root.resolve(table.folder)).stream().filter(p -> p.toString().endsWith(".parquet")).toList();
    }

    static int countData(Path root) {
        try {
            return dataFiles(root, ArchiveTable.INTERACTIONS).size() + dataFiles(root, ArchiveTable.VIDEOS).size();
        } catch (IOException e) {
            return 0;
        }
    }
}
