package dev.reelrank.eventarchive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizerTest {

    @Test
    void isHmacSha256InHexMatchingRfc4231() {
        // RFC 4231, test case 6: a 131-byte key of 0xaa.
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);
        var p = new Pseudonymizer(key);
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                p.userKey("Test Using Larger Than Block-Size Key - Hash Key First"));
    }

    @Test
    void sameKeySamePseudonymOtherKeyOtherPseudonym() {
        var a = new Pseudonymizer(TestEvents.key(1));
        var a2 = new Pseudonymizer(TestEvents.key(1));
        var b = new Pseudonymizer(TestEvents.key(2));
        assertEquals(a.userKey("user-42"), a2.userKey("user-42"));
        assertNotEquals(a.userKey("user-42"), a.userKey("user-43"));
        assertNotEquals(a.userKey("user-42"), b.userKey("user-42"));
        assertEquals(a.keyId(), a2.keyId());
        assertNotEquals(a.keyId(), b.keyId());
        assertEquals(12, a.keyId().length());
        assertEquals(64, a.userKey("user-42").length());
        assertTrue(!a.userKey("user-42").contains("user-42"));
    }

    @Test
    void missingUserIdHasNoPseudonym() {
        var p = new Pseudonymizer(TestEvents.key(1));
        assertNull(p.userKey(null));
        assertNull(p.userKey(""));
    }

    @Test
    void shortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> PseudonymKeys.resolve("too-short", null, false));
    }

    @Test
    void configuredKeyWinsAndMayBeBase64(@TempDir Path dir) {
        byte[] raw = TestEvents.key(7);
        String b64 = PseudonymKeys.BASE64_PREFIX + Base64.getEncoder().encodeToString(raw);
        assertArrayEquals(raw, PseudonymKeys.resolve(b64, dir.resolve("unused.key"), false));
        String text = "a-passphrase-of-at-least-32-bytes-long!";
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), PseudonymKeys.resolve(text, null, false));
        assertTrue(Files.notExists(dir.resolve("unused.key")));
    }

    @Test
    void localKeyFileIsGeneratedOnceOwnerOnlyAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/archive-pseudonym.key");
        byte[] first = PseudonymKeys.resolve(null, file, true);
        assertEquals(32, first.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first, PseudonymKeys.resolve("", file, true));
        assertArrayEquals(first, PseudonymKeys.resolve(null, file, false));
    }

    @Test
    void productionWithoutKeyFailsNamingTheVariable(@TempDir Path dir) {
        var e = assertThrows(IllegalStateException.class, () -> PseudonymKeys.resolve(null, dir.resolve("none.key"), false));
        assertTrue(e.getMessage().contains("REELRANK_ARCHIVE_PSEUDONYM_KEY"), e.getMessage());
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
