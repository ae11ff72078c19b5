package dev.reelrank.modelartifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder the images point PYTORCH_LIBRARY_PATH at, found without starting the engine. */
class DjlNativeCacheTest {
    @TempDir Path dir;

    @Test
    void theLibrariesEndUpInAFixedFolder() {
        assertEquals(dir.resolve("pytorch/lib"), DjlNativeCache.libraryFolder(dir));
    }

    @Test
    void findsTheOneFolderDjlUnpackedTheEngineInto() throws IOException {
        Path unpacked = Files.createDirectories(dir.resolve("pytorch/2.7.1-20250812-cpu-linux-x86_64"));
        Files.writeString(unpacked.resolve(DjlNativeCache.LIBRARY), "");
        Files.createDirectories(dir.resolve("pytorch/other-without-library"));

        assertEquals(unpacked, DjlNativeCache.unpackedFolder(dir));
    }

    @Test
    void refusesToGuessBetweenTwoUnpackedEngines() throws IOException {
        for (String name : new String[] {"2.7.1-a-cpu-linux-x86_64", "2.7.1-b-cpu-linux-x86_64"}) {
            Path folder = Files.createDirectories(dir.resolve("pytorch").resolve(name));
            Files.writeString(folder.resolve(DjlNativeCache.LIBRARY), "");
        }

        assertThrows(IOException.class, () -> DjlNativeCache.unpackedFolder(dir));
    }
}
