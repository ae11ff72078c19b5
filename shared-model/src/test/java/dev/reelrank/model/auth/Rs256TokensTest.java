package dev.reelrank.model.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rs256TokensTest {
    @Test
    void signsWhatTheJdkVerifiesWithThePublicKey() throws Exception {
        KeyPair pair = Rs256Tokens.newKeyPair();
        String token = Rs256Tokens.sign(pair.getPrivate(), "iss", "u\"1", List.of("a", "b"),
                Instant.ofEpochSecond(1000), Duration.ofSeconds(60));
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(pair.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sub\":\"u\\\"1\""), claims);
        assertTrue(claims.contains("\"scope\":\"a b\""), claims);
        assertTrue(claims.contains("\"exp\":1060"), claims);
    }

    @Test
    void privateKeyPemRoundTrips() {
        KeyPair pair = Rs256Tokens.newKeyPair();
        assertEquals(pair.getPrivate(), Rs256Tokens.readPrivateKey(Rs256Tokens.privateKeyPem(pair.getPrivate())));
        assertTrue(Rs256Tokens.publicKeyPem(pair.getPublic()).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }
}
