package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.auth.EdgeAuthException;
import dev.reelrank.model.auth.EdgeAuthentication;
import dev.reelrank.model.auth.Rs256Tokens;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The feed routes' authentication and authorization with SmallRye JWT's own parser and a key pair
 * made for this test; the routes themselves need the stores (FeedAuthIT checks them over HTTP).
 */
class FeedGateTest {
    static final KeyPair PAIR = Rs256Tokens.newKeyPair();
    static final String ISSUER = "reelrank-test";

    record Settings(AuthSettings.Mode mode) implements AuthSettings {
        public String scopesClaim() { return "scope"; }
        public String producerScope() { return "events:write"; }
        public String serviceScope() { return "reelrank:service"; }
        public Gateway gateway() {
            return new Gateway() {
                public String subjectHeader() { return "X-Reelrank-Subject"; }
                public String scopesHeader() { return "X-Reelrank-Scopes"; }
            };
        }
    }

    final FeedGate jwt = gate(AuthSettings.Mode.JWT, new DefaultJWTParser(new JWTAuthContextInfo(PAIR.getPublic(), ISSUER)));

    /** Wired as EdgeAuthBinding wires it in the app. */
    static FeedGate gate(AuthSettings.Mode mode, JWTParser parser) {
        Settings settings = new Settings(mode);
        return new FeedGate(new EdgeAuthentication(settings, EdgeAuthBinding.verifier(parser, settings.scopesClaim())), settings);
    }

    static String token(String sub, String... scopes) {
        return Rs256Tokens.sign(PAIR.getPrivate(), ISSUER, sub, List.of(scopes), Instant.now(), Duration.ofMinutes(5));
    }

    static EdgeAuthException refused(Runnable r) {
        return assertThrows(EdgeAuthException.class, r::run);
    }

    static java.util.function.UnaryOperator<String> bearer(String token) {
        return name -> name.equals("Authorization") ? "Bearer " + token : null;
    }

    @Test
    void noTokenIs401() {
        assertEquals(401, refused(() -> jwt.check(name -> null, "u1")).status());
    }

    @Test
    void aForgedOrExpiredTokenIs401() {
        String forged = Rs256Tokens.sign(Rs256Tokens.newKeyPair().getPrivate(), ISSUER, "u1", List.of(),
                Instant.now(), Duration.ofMinutes(5));
        assertEquals(401, refused(() -> jwt.check(bearer(forged), "u1")).status());
        String expired = Rs256Tokens.sign(PAIR.getPrivate(), ISSUER, "u1", List.of(),
                Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(5));
        assertEquals(401, refused(() -> jwt.check(bearer(expired), "u1")).status());
        String otherIssuer = Rs256Tokens.sign(PAIR.getPrivate(), "elsewhere", "u1", List.of(), Instant.now(), Duration.ofMinutes(5));
        assertEquals(401, refused(() -> jwt.check(bearer(otherIssuer), "u1")).status());
    }

    @Test
    void aUserReadsItsOwnFeedOnly() {
        assertDoesNotThrow(() -> jwt.check(bearer(token("u1")), "u1"));
        EdgeAuthException e = refused(() -> jwt.check(bearer(token("u1")), "u2"));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("reelrank:service"), e.getMessage());
    }

    @Test
    void aServiceTokenReadsAnyFeed() {
        assertDoesNotThrow(() -> jwt.check(bearer(token("loadgen", "openid", "reelrank:service")), "u2"));
    }

    @Test
    void aSignedOutUpNextStillNeedsAToken() {
        assertDoesNotThrow(() -> jwt.check(bearer(token("u1")), null));
        assertEquals(401, refused(() -> jwt.check(name -> null, null)).status());
    }

    @Test
    void gatewayModeTrustsTheForwardedHeaders() {
        FeedGate gateway = gate(AuthSettings.Mode.GATEWAY, null);
        Map<String, String> u1 = Map.of("X-Reelrank-Subject", "u1");
        assertDoesNotThrow(() -> gateway.check(u1::get, "u1"));
        assertEquals(403, refused(() -> gateway.check(u1::get, "u2")).status());
        Map<String, String> service = Map.of("X-Reelrank-Subject", "svc", "X-Reelrank-Scopes", "a,reelrank:service");
        assertDoesNotThrow(() -> gateway.check(service::get, "u2"));
        assertEquals(401, refused(() -> gateway.check(name -> null, "u1")).status());
    }

    @Test
    void offChecksNothing() {
        assertDoesNotThrow(() -> gate(AuthSettings.Mode.OFF, null).check(name -> null, "u2"));
    }
}
