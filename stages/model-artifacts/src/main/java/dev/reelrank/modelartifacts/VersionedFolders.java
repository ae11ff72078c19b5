package dev.reelrank.modelartifacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where one kind of model keeps its versions: {@code <root>/<kind>/<version>/}, plus a {@code LATEST}
 * file naming the version serving should pick. A version folder is written beside its final name and
 * renamed into place, and LATEST is replaced by a rename, so a reader sees a whole model or none.
 * Each kind has its own folder, so two kinds of model are never mistaken for each other.
 */
public class VersionedFolders {
    public static final String LATEST = "LATEST";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;
    private final String kind;

    /**
     * @param root the folder that holds {@code <kind>/} (e.g. ml-artifacts/models)
     * @param kind the model kind's folder name (two-tower, mmoe)
     */
    public VersionedFolders(Path root, String kind) {
        this.root = root;
        this.kind = kind;
    }

    /**
     * A models root as it is, or the root two levels above a version folder (one holding
     * {@code metadataFile}), where the other versions a rollout may name live.
     */
    public static Path rootOf(Path dirOrRoot, String metadataFile) {
        Path dir = dirOrRoot.toAbsolutePath().normalize();
        return Files.exists(dir.resolve(metadataFile)) ? dir.getParent().getParent() : dir;
    }

    /** {@code <prefix>-yyyyMMdd-HHmmss} (UTC): sorts by time, which {@link #latest} relies on without LATEST. */
    public static String newVersion(String prefix, Clock clock) {
        return prefix + "-" + STAMP.format(clock.instant());
    }

    public static String checkVersion(String v) {
        if (v == null || !VERSION.matcher(v).matches()) {
            throw new IllegalArgumentException("invalid model version '" + v + "': use letters, digits, '.', '_' or '-' (e.g. tt-20260101-120000)");
        }
        return v;
    }

    public Path modelsDir() {
        return root.resolve(kind);
    }

    public Path versionDir(String version) {
        return modelsDir().resolve(checkVersion(version));
    }

    /** Writes a new version folder through {@code writer}, then makes it visible in one rename. */
    public Path publish(String version, Writer writer) throws IOException {
        Path target = versionDir(version);
        if (Files.exists(target)) throw new IOException("model version already exists: " + target);
        Files.createDirectories(modelsDir());
        Path tmp = Files.createTempDirectory(modelsDir(), "." + version + ".tmp-");
        try {
            // Temp directories are owner-only; a published model must be readable by the serving user.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            writer.write(tmp);
            moveAtomically(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return target;
    }

    public void setLatest(String version) throws IOException {
        if (!Files.isDirectory(versionDir(version))) throw new IOException("no such model version: " + versionDir(version));
        Path tmp = Files.createTempFile(modelsDir(), ".LATEST", ".tmp");
        Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
        moveAtomically(tmp, modelsDir().resolve(LATEST));
    }

    /** The version LATEST names, else the greatest version folder name, else empty. */
    public Optional<String> latest() throws IOException {
        Path l = modelsDir().resolve(LATEST);
        if (Files.exists(l)) {
            String v = Files.readString(l, StandardCharsets.UTF_8).trim();
            if (!v.isEmpty()) return Optional.of(v);
        }
        if (!Files.isDirectory(modelsDir())) return Optional.empty();
        try (Stream<Path> s = Files.list(modelsDir())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).max(Comparator.naturalOrder());
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @FunctionalInterface
    public interface Writer {
        void write(Path dir) throws IOException;
    }
}
