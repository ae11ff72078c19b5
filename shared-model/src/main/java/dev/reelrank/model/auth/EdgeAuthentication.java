package dev.reelrank.model.auth;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Who is calling, per {@code reelrank.auth.mode}: a verified bearer token, the subject and scopes
 * an API gateway forwarded, or nobody ({@code off}, the test profile). The same for both public
 * functions; authorization is {@link EdgeAuthorization}'s job, so this only ever refuses with 401.
 */
public final class EdgeAuthentication {
    private static final System.Logger LOG = System.getLogger(EdgeAuthentication.class.getName());
    private static final String BEARER = "bearer ";

    private final EdgeAuthProperties settings;
    private final TokenVerifier verifier;

    public EdgeAuthentication(EdgeAuthProperties settings, TokenVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
    }

    /**
     * Whether a key to verify tokens with is configured: {@code mp.jwt.verify.publickey} or its
     * {@code .location}, neither absent nor NONE (SmallRye JWT's word for unset).
     *
     * @param property a configuration property by name, null when absent
     */
    public static boolean keyConfigured(UnaryOperator<String> property) {
        return java.util.stream.Stream.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey")
                .map(property).anyMatch(v -> v != null && !v.isBlank() && !v.equals("NONE"));
    }

    /**
     * Says at start how the routes authenticate.
     *
     * @param keyConfigured whether a public key to verify tokens with is configured
     * @param offMeans what mode {@code off} lets anyone do, for the warning
     */
    public void announce(boolean keyConfigured, String offMeans) {
        switch (settings.mode()) {
            // Not a start-up failure: images are trained and probed without keys (AotTrain); failing closed is enough.
            case JWT -> {
                if (!keyConfigured) LOG.log(System.Logger.Level.ERROR,
                        "reelrank.auth.mode=jwt but no public key (mp.jwt.verify.publickey[.location]) is set: every request gets 401");
            }
            case GATEWAY -> LOG.log(System.Logger.Level.INFO, "reelrank.auth.mode=gateway: trusting {0}/{1} set by the API gateway",
                    settings.gateway().subjectHeader(), settings.gateway().scopesHeader());
            case OFF -> LOG.log(System.Logger.Level.WARNING, "reelrank.auth.mode=off: " + offMeans + "; only for tests");
        }
    }

    /**
     * @param header the request's header by name (null when absent)
     * @return empty when authentication is off
     * @throws EdgeAuthException 401, with the reason the client may read
     */
    public Optional<Caller> authenticate(UnaryOperator<String> header) {
        return switch (settings.mode()) {
            case OFF -> Optional.empty();
            case GATEWAY -> Optional.of(fromGateway(header));
            case JWT -> Optional.of(fromToken(header.apply("Authorization")));
        };
    }

    private Caller fromGateway(UnaryOperator<String> header) {
        String subject = header.apply(settings.gateway().subjectHeader());
        if (subject == null || subject.isBlank()) {
            throw EdgeAuthException.unauthorized("no " + settings.gateway().subjectHeader() + " header from the gateway");
        }
        return Caller.of(subject.strip(), header.apply(settings.gateway().scopesHeader()));
    }

    private Caller fromToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw EdgeAuthException.unauthorized("a bearer token is required (Authorization: Bearer <token>)");
        }
        TokenVerifier.Verified token;
        try {
            token = verifier.verify(authorization.substring(BEARER.length()).strip());
        } catch (TokenVerifier.Refused e) {
            // The reason (expired, bad signature, wrong issuer) goes to the debug log only; the token itself never.
            LOG.log(System.Logger.Level.DEBUG, "refused a token: {0}", e.getMessage());
            throw EdgeAuthException.unauthorized("the token is invalid or expired");
        }
        if (token.subject() == null || token.subject().isBlank()) {
            throw EdgeAuthException.unauthorized("the token has no sub claim");
        }
        return Caller.of(token.subject(), token.scopes());
    }
}
