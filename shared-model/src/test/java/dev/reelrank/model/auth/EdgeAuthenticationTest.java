package dev.reelrank.model.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mode switch and bearer parsing, with a stand-in verifier (the functions test it with SmallRye JWT). */
class EdgeAuthenticationTest {
    record Settings(Mode mode) implements EdgeAuthProperties {
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

    /** Accepts "good-<sub>" (scopes a and b), "nosub", refuses anything else. */
    static final TokenVerifier VERIFIER = token -> {
        if (token.equals("nosub")) return new TokenVerifier.Verified(null, List.of());
        if (!token.startsWith("good-")) throw new TokenVerifier.Refused("bad signature");
        return new TokenVerifier.Verified(token.substring(5), List.of("a", " b "));
    };

    final EdgeAuthentication jwt = new EdgeAuthentication(new Settings(EdgeAuthProperties.Mode.JWT), VERIFIER);

    static int refused(Runnable r) {
        return assertThrows(EdgeAuthException.class, r::run).status();
    }

    @Test
    void aBearerTokenNamesTheCallerAndItsScopes() {
        Caller caller = jwt.authenticate(Map.of("Authorization", "BEARER  good-u1 ")::get).orElseThrow();
        assertEquals(new Caller("u1", Set.of("a", "b")), caller);
    }

    @Test
    void noBearerOrAnInvalidTokenIs401() {
        assertEquals(401, refused(() -> jwt.authenticate(name -> null)));
        assertEquals(401, refused(() -> jwt.authenticate(Map.of("Authorization", "Basic dTpw")::get)));
        assertEquals(401, refused(() -> jwt.authenticate(Map.of("Authorization", "Bearer forged")::get)));
        assertEquals(401, refused(() -> jwt.authenticate(Map.of("Authorization", "Bearer nosub")::get)));
    }

    @Test
    void gatewayModeTrustsTheForwardedHeaders() {
        var gateway = new EdgeAuthentication(new Settings(EdgeAuthProperties.Mode.GATEWAY), VERIFIER);
        Map<String, String> headers = Map.of("X-Reelrank-Subject", " svc ", "X-Reelrank-Scopes", "x,reelrank:service");
        assertEquals(new Caller("svc", Set.of("x", "reelrank:service")), gateway.authenticate(headers::get).orElseThrow());
        assertEquals(401, refused(() -> gateway.authenticate(name -> null)));
    }

    @Test
    void offNamesNobody() {
        var off = new EdgeAuthentication(new Settings(EdgeAuthProperties.Mode.OFF), VERIFIER);
        assertEquals(Optional.empty(), off.authenticate(name -> null));
    }

    @Test
    void scopeClaimsAsStringOrArray() {
        assertEquals(List.of("a", "b"), ScopeClaim.values("a b", String::valueOf).stream().sorted().toList());
        assertEquals(List.of("a b", "c"), ScopeClaim.values(List.of("a b", "c"), String::valueOf));
        assertEquals(List.of(), ScopeClaim.values(null, String::valueOf));
    }

    @Test
    void aKeyIsConfiguredUnlessAbsentOrNone() {
        assertEquals(false, EdgeAuthentication.keyConfigured(name -> null));
        assertEquals(false, EdgeAuthentication.keyConfigured(name -> "NONE"));
        assertEquals(true, EdgeAuthentication.keyConfigured(Map.of("mp.jwt.verify.publickey.location", "/etc/key.pem")::get));
    }

    @Test
    void aVerifierOverALibraryRefusesWhateverItsParserThrows() {
        TokenVerifier over = TokenVerifier.over(token -> {
            if (token.equals("bad")) throw new Exception("signature");
            return Map.of("sub", token, "scope", "x y");
        }, m -> m.get("sub"), m -> m.get("scope"), String::valueOf);
        assertEquals(new TokenVerifier.Verified("u1", List.of("x", "y")),
                new TokenVerifier.Verified(over.verify("u1").subject(), over.verify("u1").scopes().stream().sorted().toList()));
        assertThrows(TokenVerifier.Refused.class, () -> over.verify("bad"));
    }
}
