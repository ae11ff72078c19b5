package dev.reelrank.modelartifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Size and sha256 of every file of a model version, listed in its metadata when it is written and
 * checked when it is loaded: serving refuses a version whose files were edited or cut short rather
 * than scoring with it.
 */
public final class FileDigests {
    private FileDigests() {}

    /** name → {bytes, sha256} of every file under {@code dir} except {@code metadataFile} itself. */
    public static Map<String, Map<String, Object>> of(Path dir, String metadataFile) throws IOException {
        var out = new LinkedHashMap<String, Map<String, Object>>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (name.equals(metadataFile)) continue;
                out.put(name, Map.of("bytes", Files.size(p), "sha256", sha256(p)));
            }
        }
        return out;
    }

    /** Refuses a folder whose files are missing or differ from the digests its metadata lists (null: nothing listed). */
    public static void verify(Path dir, Map<String, Map<String, Object>> files) throws IOException {
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

    static String sha256(Path p) throws IOException {
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
}
