package dev.reelrank.eventarchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the pseudonym key comes from. In production: a secret handed in through configuration
 * ({@code REELRANK_ARCHIVE_PSEUDONYM_KEY}, e.g. from a Kubernetes Secret). On a developer's
 * machine: a random key generated on first run into a file under the git-ignored
 * {@code var/secrets/}, so nothing secret is ever in the repository.
 */
public final class PseudonymKeys {
    /** Prefix for a key given as Base64 rather than as its UTF-8 text. */
    public static final String BASE64_PREFIX = "base64:";
    private static final int GENERATED_KEY_BYTES = 32;

    private PseudonymKeys() {}

    /**
     * @param configured the configured key (text, or {@code base64:...}); null or blank if none
     * @param keyFile    the local key file, read if no key is configured
     * @param generate   whether a missing key file may be created (false in production)
     */
    public static byte[] resolve(String configured, Path keyFile, boolean generate) {
        if (configured != null && !configured.isBlank()) return decode(configured.strip(), "reelrank.archive.pseudonym-key");
        if (keyFile == null)
            throw new IllegalStateException("no pseudonym key: set REELRANK_ARCHIVE_PSEUDONYM_KEY (reelrank.archive.pseudonym-key)");
        try {
            if (!Files.exists(keyFile)) {
                if (!generate)
                    throw new IllegalStateException("no pseudonym key: set REELRANK_ARCHIVE_PSEUDONYM_KEY "
                            + "(reelrank.archive.pseudonym-key) or provide the key file " + keyFile.toAbsolutePath());
                generate(keyFile);
            }
            return decode(Files.readString(keyFile, StandardCharsets.UTF_8).strip(), keyFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the pseudonym key file " + keyFile, e);
        }
    }

    private static byte[] decode(String text, String where) {
        byte[] key;
        try {
            key = text.startsWith(BASE64_PREFIX)
                    ? Base64.getDecoder().decode(text.substring(BASE64_PREFIX.length()))
                    : text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the pseudonym key in " + where + " is not valid Base64", e);
        }
        if (key.length < Pseudonymizer.MIN_KEY_BYTES)
            throw new IllegalArgumentException("the pseudonym key in " + where + " has " + key.length
                    + " bytes; at least " + Pseudonymizer.MIN_KEY_BYTES + " are required");
        return key;
    }

    private static void generate(Path keyFile) throws IOException {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies.
            }
            Files.writeString(tmp, BASE64_PREFIX + Base64.getEncoder().encodeToString(key) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            // No replace: two processes starting at once must end up with one key, not two.
            Files.move(tmp, keyFile);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
