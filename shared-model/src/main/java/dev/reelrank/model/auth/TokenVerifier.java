package dev.reelrank.model.auth;

import java.util.List;
import java.util.function.Function;

/**
 * Checks a bearer token's signature, issuer and lifetime: the one part of authentication that needs
 * a JWT library, so each function binds its own (SmallRye JWT) and {@link EdgeAuthentication} stays
 * framework-free.
 */
@FunctionalInterface
public interface TokenVerifier {
    /**
     * @param token the compact JWT, without the {@code Bearer} prefix
     * @throws Refused when the token is not valid; its message is for the debug log only
     */
    Verified verify(String token);

    /**
     * A verifier over a JWT library's parser: any exception it throws refuses the token.
     *
     * @param subject   the parsed token's {@code sub}
     * @param scopes    the parsed token's scopes claim, as the library returns it ({@link ScopeClaim})
     * @param claimText the library's JSON string value as plain text
     */
    static <T> TokenVerifier over(Parser<T> parser, Function<T, String> subject, Function<T, Object> scopes,
                                  Function<Object, String> claimText) {
        return token -> {
            T parsed;
            try {
                parsed = parser.parse(token);
            } catch (Exception e) {
                throw new Refused(String.valueOf(e.getMessage()));
            }
            return new Verified(subject.apply(parsed), ScopeClaim.values(scopes.apply(parsed), claimText));
        };
    }

    /** A JWT library's parse-and-verify. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String token) throws Exception;
    }

    /** A valid token's {@code sub} (null when absent) and scopes. */
    record Verified(String subject, List<String> scopes) {}

    /** The token is forged, expired, from another issuer or unreadable. */
    final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
