package dev.reelrank.eventarchive;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a user id into a stable pseudonym, {@code HMAC-SHA256(key, userId)} in lower-case hex.
 * Keyed, not a plain hash: user ids are guessable (sequential, e-mail-like), so an unkeyed hash
 * could be reversed by hashing candidates; without the key it cannot. The same key always gives
 * the same pseudonym, which is what lets training join a user's events across days.
 *
 * <p>{@link #keyId()} names the key without revealing it, so every archived row says which key
 * made its pseudonym (rows of two keys never join; see docs/event-archive.md on rotation).
 * Not thread-safe (one {@link Mac}); the archiver loop is single-threaded.
 */
public final class Pseudonymizer {
    /** Shorter keys make the HMAC only as strong as the key. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final Mac mac;
    private final String keyId;

    public Pseudonymizer(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES)
            throw new IllegalArgumentException("the pseudonym key must have at least " + MIN_KEY_BYTES + " bytes");
        try {
            this.mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
        // A MAC of a fixed label: identifies the key, and knowing it helps nobody find the key.
        this.keyId = hmacHex("reelrank/pseudonym-key-id").substring(0, 12);
    }

    /** The pseudonym of a user id; null for a missing (null or empty) id. */
    public String userKey(String userId) {
        if (userId == null || userId.isEmpty()) return null;
        return hmacHex(userId);
    }

    /** A short public name of the key (12 hex chars), stored beside every pseudonym. */
    public String keyId() {
        return keyId;
    }

    private String hmacHex(String value) {
        return HEX.formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
