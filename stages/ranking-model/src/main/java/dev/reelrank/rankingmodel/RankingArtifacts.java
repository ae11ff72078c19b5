package dev.reelrank.rankingmodel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where MMoE ranking artifacts live: {@code <root>/mmoe/<version>/} plus a {@code LATEST} file
 * naming the version serving should pick. A version folder is written beside its final name and
 * renamed into place, and LATEST is replaced by a rename, so a reader sees a whole model or none.
 * Same layout and rules as the retrieval model's store; a separate folder name keeps the two kinds
 * of model from ever being mistaken for each other.
 */
public final class RankingArtifacts {
    public static final String MODEL_DIR = "mmoe";
    public static final String LATEST = "LATEST";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;

    /** @param root the folder that holds {@code mmoe/} (e.g. ml-artifacts/models) */
    public RankingArtifacts(Path root) {
        this.root = root;
    }

    /** A models root as it is, or the root two levels above a version folder (one holding metadata.json). */
    public static RankingArtifacts of(Path dirOrRoot) {
        Path dir = dirOrRoot.toAbsolutePath().normalize();
        return new RankingArtifacts(Files.exists(dir.resolve(MmoeMetadata.FILE)) ? dir.getParent().getParent() : dir);
    }

    public static String newVersion(Clock clock) {
        return "mmoe-" + STAMP.format(clock.instant());
    }

    public static String checkVersion(String v) {
        if (v == null || !VERSION.matcher(v).matches()) {
            throw new IllegalArgumentException("invalid model version '" + v + "': use letters, digits, '.', '_' or '-' (e.g. mmoe-20260101-120000)");
        }
        return v;
    }

    public Path modelsDir() {
        return root.resolve(MODEL_DIR);
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

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** name → {bytes, sha256} of every file under {@code dir} except metadata.json itself. */
    static Map<String, Map<String, Object>> digests(Path dir) throws IOException {
        var out = new LinkedHashMap<String, Map<String, Object>>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (name.equals(MmoeMetadata.FILE)) continue;
                out.put(name, Map.of("bytes", Files.size(p), "sha256", sha256(p)));
            }
        }
        return out;
    }

    /** Refuses a folder whose files are missing or differ from the digests its metadata lists. */
    static void verify(Path dir, Map<String, Map<String, Object>> files) throws IOException {
        if (files == null) return;
        for (var e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (!Files.exists(p)) throw new IOException(dir + ": missing " + e.getKey());
            Object want = e.getValue().get("sha256");
            if (want != null && !want.equals(sha256(p))) {
                throw new IOException(dir + ": " + e.getKey() + " does not match its sha256 in metadata.json (corrupt or edited)");
            }
        }
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    public interface Writer {
        void write(Path dir) throws IOException;
    }
}
