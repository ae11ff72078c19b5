package dev.reelrank.eventarchive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Makes a finished local file appear at its final place all at once and durably. On a local
 * disk: fsync the file, rename it over the target (atomic: readers see the old file or the new
 * one, never half), fsync the folder so the rename itself survives a power cut. On an object
 * store (another java.nio FileSystem): copy it there; a PUT of one object is atomic by itself.
 */
final class DurableFiles {
    private DurableFiles() {}

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void publish(Path staged, Path target) throws IOException {
        fsync(staged);
        Path folder = target.getParent();
        Files.createDirectories(folder);
        if (staged.getFileSystem().equals(target.getFileSystem())) {
            try {
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException differentDevice) {
                throw new IOException("the staging folder must be on the same file system as " + target
                        + " (set reelrank.archive.staging-dir)", differentDevice);
            }
            fsyncFolder(folder);
        } else {
            Files.copy(staged, target, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(staged);
        }
    }

    private static void fsyncFolder(Path folder) throws IOException {
        if (folder.getFileSystem() != FileSystems.getDefault()) return;
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException notSupported) {
            // Some platforms (Windows) cannot open a folder; the rename is still atomic there.
        }
    }
}
