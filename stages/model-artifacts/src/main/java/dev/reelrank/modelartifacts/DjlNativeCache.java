package dev.reelrank.modelartifacts;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unpacks PyTorch's native libraries into {@code <dir>/pytorch/lib} by starting DJL's engine once,
 * offline, exactly as a serving JVM would. The container images run this at build time and ship
 * the folder as a layer with {@code PYTORCH_LIBRARY_PATH} pointing at it: a pod then loads the
 * libraries from a read-only folder and needs neither a download nor the ~430 MB extraction at
 * start, nor the 112 MB native jar on its class path.
 *
 * <p>DJL names its folder after the native build ({@code 2.7.1-20250812-cpu-linux-x86_64}); it is
 * renamed to the fixed {@code lib} so the image's environment need not know that name.
 *
 * <p>Usage: {@code java -cp <the function's runtime jars> dev.reelrank.modelartifacts.DjlNativeCache <dir>}
 */
public final class DjlNativeCache {
    static final String LIBRARY = "libtorch.so";

    private DjlNativeCache() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DjlNativeCache <dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path lib = libraryFolder(dir);
        if (Files.exists(lib.resolve(LIBRARY))) {
            System.out.println("PyTorch native libraries already in " + lib);
            return;
        }
        DjlRuntime.configure(dir.toString());
        Engine engine = DjlRuntime.forServing();
        Files.move(unpackedFolder(dir), lib);
        System.out.println("DJL " + engine.getEngineName() + " " + engine.getVersion() + " native libraries in " + lib);
    }

    /** Where the libraries end up: the value of PYTORCH_LIBRARY_PATH. */
    static Path libraryFolder(Path dir) {
        return dir.resolve("pytorch").resolve("lib");
    }

    /** The one folder under {@code <dir>/pytorch} that DJL unpacked the engine into. */
    static Path unpackedFolder(Path dir) throws IOException {
        try (Stream<Path> folders = Files.list(dir.resolve("pytorch"))) {
            List<Path> withLibrary = folders.filter(f -> Files.exists(f.resolve(LIBRARY))).toList();
            if (withLibrary.size() != 1) {
                throw new IOException("expected one folder with " + LIBRARY + " under " + dir.resolve("pytorch") + ", found " + withLibrary);
            }
            return withLibrary.getFirst();
        }
    }
}
