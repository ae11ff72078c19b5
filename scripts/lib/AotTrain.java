import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Trains a function image's JDK AOT cache at build time (the images profile runs it after the
 * Quarkus package, before Jib). The cache is only used by a JVM of the same build, with the same
 * class-path files (size and mtime) and compatible flags, so the training copies what the image
 * will hold, as the image will hold it:
 * - the runtime: /opt/java/openjdk taken out of the base image tarball (docker-save format), kept
 *   under the work dir by the tarball's checksum, so a rebuilt base is extracted once again;
 * - the application: quarkus-app copied to work/app with every file's mtime at Jib's default
 *   (1970-01-01T00:00:01Z) and the image's excluded jars left out;
 * - the command: `java -jar quarkus-run.jar` from that dir (the cache records the relative class
 *   path, which then matches /app in the image) with the image's environment.
 * The app starts with its stores at dead addresses (the caller passes them); start-up class loading
 * is what the cache holds, so "started in" is far enough. Then SIGTERM, and the JVM writes the cache.
 *
 * java scripts/lib/AotTrain.java --enabled true|false --base-tar <tar> --app <quarkus-app dir>
 *      --work <dir> --output <file> [--exclude <glob under lib/>] [--timeout-seconds 240] [VAR=value ...]
 *
 * --enabled false removes a previous output (so no stale cache ships) and trains nothing.
 */
public class AotTrain {

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AotTrain: " + e.getMessage());
            System.exit(2);
            return;
        }
        Files.deleteIfExists(o.output);
        if (!o.enabled) {
            System.out.println("[WARNING] AotTrain: AOT cache off (reelrank.image.aot=false): the image starts without one");
            return;
        }
        try {
            Path java = new RuntimeExtractor(o.baseTar, o.work.resolve("runtime")).javaExecutable();
            Path app = new AppCopy(o.app, o.work.resolve("app"), o.exclude).copy();
            Path cache = new TrainingRun(java, app, o.env, o.work.resolve("train.log"), o.timeout).run();
            Files.createDirectories(o.output.getParent());
            Files.move(cache, o.output, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("AotTrain: %s (%d MiB)%n", o.output, Files.size(o.output) >> 20);
        } catch (TrainingFailed e) {
            System.err.println("AotTrain: " + e.getMessage());
            System.err.println("AotTrain: build with -Dreelrank.image.aot=false to make the image without an AOT cache");
            System.exit(1);
        }
    }

    /** A failure with everything the build log needs to explain it. */
    static final class TrainingFailed extends Exception {
        TrainingFailed(String message) {
            super(message);
        }
    }

    record Options(boolean enabled, Path baseTar, Path app, Path work, Path output, String exclude,
                   Duration timeout, Map<String, String> env) {
        static Options parse(String[] args) {
            Map<String, String> named = new LinkedHashMap<>();
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
                    named.put(args[i].substring(2), args[++i]);
                } else if (args[i].indexOf('=') > 0) {
                    env.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
                } else {
                    throw new IllegalArgumentException("unexpected argument " + args[i] + " (VAR=value or --option value)");
                }
            }
            for (String required : List.of("enabled", "base-tar", "app", "work", "output")) {
                if (!named.containsKey(required)) throw new IllegalArgumentException("--" + required + " is missing");
            }
            return new Options(Boolean.parseBoolean(named.get("enabled").trim()), absolute(named.get("base-tar")),
                    absolute(named.get("app")), absolute(named.get("work")), absolute(named.get("output")),
                    named.getOrDefault("exclude", ""),
                    Duration.ofSeconds(Long.parseLong(named.getOrDefault("timeout-seconds", "240").trim())), env);
        }
    }

    // The training JVM runs in another directory: every path handed to it must stand on its own.
    static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** The base image's own Java runtime, unpacked from its docker-save tarball once per checksum. */
    record RuntimeExtractor(Path baseTar, Path dir) {
        static final String RUNTIME = "opt/java/openjdk";
        static final Pattern LAYERS = Pattern.compile("\"Layers\"\\s*:\\s*\\[([^\\]]*)\\]");

        Path javaExecutable() throws Exception {
            if (!Files.isRegularFile(baseTar)) {
                throw new TrainingFailed(baseTar + " is missing: the AOT cache is trained with the base tarball's runtime"
                        + " (scripts/base-image writes it; a registry base cannot be trained against here)");
            }
            Path target = dir.resolve(sha256(baseTar));
            Path java = target.resolve(RUNTIME).resolve("bin/java");
            Path done = target.resolve(".complete");
            if (Files.exists(done)) return java;
            deleteTree(dir);
            Path scratch = Files.createDirectories(dir.resolve("scratch"));
            Path rootfs = Files.createDirectories(target);
            tar(scratch, "-xf", baseTar.toString(), "-C", scratch.toString(), "manifest.json");
            var m = LAYERS.matcher(Files.readString(scratch.resolve("manifest.json")));
            if (!m.find()) throw new TrainingFailed(baseTar + ": manifest.json lists no Layers (not a docker-save tarball?)");
            for (String quoted : m.group(1).split(",")) {
                String layer = quoted.trim().replace("\"", "");
                tar(scratch, "-xf", baseTar.toString(), "-C", scratch.toString(), layer);
                // Only the runtime: the rest of the base (glibc, users) is this machine's anyway. Layers
                // applied in order, so a later layer's runtime files win, as in the image.
                tar(scratch, "-xf", scratch.resolve(layer).toString(), "-C", rootfs.toString(),
                        "--wildcards", "./" + RUNTIME + "/*", RUNTIME + "/*");
                Files.delete(scratch.resolve(layer));
            }
            deleteTree(scratch);
            if (!Files.isExecutable(java)) throw new TrainingFailed(baseTar + " holds no /" + RUNTIME + "/bin/java");
            Files.createFile(done);
            return java;
        }

        private static void tar(Path scratch, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
            command.addAll(List.of(args));
            Path log = scratch.resolve("tar.log");
            int status = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
            String output = Files.readString(log);
            // A pattern matching no member of one layer is normal (a layer without the runtime).
            if (status != 0 && !output.lines().allMatch(l -> l.contains("Not found in archive") || l.contains("Exiting with failure"))) {
                throw new TrainingFailed(String.join(" ", command) + " failed (" + status + "):\n" + output);
            }
        }

        private static String sha256(Path file) throws Exception {
            var digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** quarkus-app as the image's /app holds it: the same files, with Jib's fixed modification time. */
    record AppCopy(Path from, Path to, String exclude) {
        // Jib's default file modification time; the cache validates class-path jars by size and mtime.
        static final FileTime JIB_MTIME = FileTime.from(Instant.parse("1970-01-01T00:00:01Z"));

        Path copy() throws Exception {
            if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                throw new TrainingFailed(from + " holds no quarkus-run.jar (run after Quarkus's package step)");
            }
            deleteTree(to);
            PathMatcher excluded = exclude.isBlank() ? p -> false : FileSystems.getDefault().getPathMatcher("glob:" + exclude);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path relative = from.relativize(file);
                    Path copy = to.resolve(relative.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else if (!(relative.startsWith("lib") && excluded.matches(from.resolve("lib").relativize(file)))) {
                        Files.copy(file, copy);
                        Files.setLastModifiedTime(copy, JIB_MTIME);
                    }
                }
            }
            return to;
        }
    }

    /** One start of the app to "started in", then SIGTERM; the JVM writes the cache as it exits. */
    record TrainingRun(Path java, Path app, Map<String, String> env, Path log, Duration timeout) {
        static final String STARTED = "started in";
        static final String WRITTEN = "AOTCache creation is complete";
        static final int TAIL_LINES = 40;

        Path run() throws Exception {
            // Beside the app, never inside the image's aot dir: the JVM writes a temporary
            // configuration file next to it while training.
            Path cache = app.resolveSibling("app.aot");
            Files.deleteIfExists(cache);
            var builder = new ProcessBuilder(java.toString(), "-XX:AOTCacheOutput=" + cache, "-jar", "quarkus-run.jar")
                    .directory(app.toFile()).redirectErrorStream(true);
            // The image's environment only: nothing of the build's (JAVA_TOOL_OPTIONS, MAVEN_OPTS) leaks in.
            builder.environment().clear();
            builder.environment().put("PATH", java.getParent() + ":/usr/bin:/bin");
            builder.environment().put("JAVA_HOME", java.getParent().getParent().toString());
            builder.environment().putAll(env);
            Instant deadline = Instant.now().plus(timeout);
            Process jvm = builder.start();
            var started = new CountDownLatch(1);
            var tail = new ArrayDeque<String>();
            var written = new AtomicBoolean();
            Thread reader = Thread.ofPlatform().start(() -> copyLog(jvm, started, written, tail));
            try {
                if (!started.await(remaining(deadline), TimeUnit.MILLISECONDS)) {
                    throw new TrainingFailed(jvm.isAlive()
                            ? "the app did not log \"" + STARTED + "\" within " + timeout.toSeconds() + " s" + tail(tail)
                            : "the app exited (" + jvm.waitFor() + ") before \"" + STARTED + "\"" + tail(tail));
                }
                // SIGTERM: a clean exit, at which the cache is written. Through the handle, because
                // Process.destroy() also closes the pipes, and the JVM's cache-writing step logs to them.
                jvm.toHandle().destroy();
                if (!jvm.waitFor(remaining(deadline), TimeUnit.MILLISECONDS)) {
                    throw new TrainingFailed("the app did not exit within " + timeout.toSeconds() + " s of the start" + tail(tail));
                }
                reader.join();
            } finally {
                if (jvm.isAlive()) jvm.destroyForcibly();
            }
            if (!written.get() || !Files.isRegularFile(cache)) {
                throw new TrainingFailed("no AOT cache written (exit " + jvm.exitValue() + ", full log " + log + ")" + tail(tail));
            }
            return cache;
        }

        private void copyLog(Process jvm, CountDownLatch started, AtomicBoolean written, ArrayDeque<String> tail) {
            try (var in = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
                 var out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) tail.removeFirst();
                    }
                    if (line.contains(STARTED)) started.countDown();
                    if (line.contains(WRITTEN)) written.set(true);
                }
            } catch (IOException e) {
                synchronized (tail) {
                    tail.addLast("(log copy failed: " + e + ")");
                }
            }
        }

        private static long remaining(Instant deadline) {
            return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        }

        private String tail(ArrayDeque<String> tail) {
            synchronized (tail) {
                return "\n--- last lines of " + log + " ---\n" + String.join("\n", tail);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
