package dev.reelrank.functions.eventingestion;

import dev.reelrank.model.auth.Rs256Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A key pair made for the tests only (one per JVM), its public half in a temporary PEM file the function verifies with. */
final class TestKeys {
    static final String ISSUER = "reelrank-test";
    static final KeyPair PAIR = Rs256Tokens.newKeyPair();
    static final Path PUBLIC_PEM = writePublicKey();

    private TestKeys() {}

    static String token(String subject, String... scopes) {
        return token(PAIR.getPrivate(), ISSUER, subject, Instant.now(), Duration.ofMinutes(10), scopes);
    }

    static String token(PrivateKey key, String issuer, String subject, Instant issuedAt, Duration ttl, String... scopes) {
        return Rs256Tokens.sign(key, issuer, subject, List.of(scopes), issuedAt, ttl);
    }

    private static Path writePublicKey() {
        try {
            Path file = Files.createTempFile("reelrank-test-public", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, Rs256Tokens.publicKeyPem(PAIR.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
