package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.auth.Caller;
import dev.reelrank.model.auth.Decision;
import dev.reelrank.model.auth.EdgeAuthorization;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The feed routes' check, per {@code reelrank.auth.mode}: who is calling (a verified RS256 bearer
 * token, the API gateway's headers, or nobody when off), then {@link EdgeAuthorization#feed}: a
 * caller reads only its own user's feed unless it holds the service scope. Framework-light (a
 * header lookup function in, exceptions out) so it is tested without the stores the routes need.
 */
public final class FeedGate {
    private static final Logger LOG = Logger.getLogger(FeedGate.class);
    private static final String BEARER = "bearer ";

    private final AuthSettings settings;
    private final JWTParser parser;
    private final EdgeAuthorization rules;

    public FeedGate(AuthSettings settings, JWTParser parser) {
        this.settings = settings;
        this.parser = parser;
        this.rules = new EdgeAuthorization(settings.producerScope(), settings.serviceScope());
    }

    /**
     * @param header the request's header by name (null when absent)
     * @param userId the feed's user; null for a signed-out Up Next
     * @throws EdgeAuthException 401 or 403
     */
    public void check(UnaryOperator<String> header, String userId) {
        Caller caller = switch (settings.mode()) {
            case OFF -> null;
            case GATEWAY -> fromGateway(header);
            case JWT -> fromToken(header.apply("Authorization"));
        };
        if (caller == null) return;
        Decision decision = rules.feed(caller, userId);
        if (!decision.allowed()) throw EdgeAuthException.forbidden(decision.reason());
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
        JsonWebToken token;
        try {
            token = parser.parse(authorization.substring(BEARER.length()).strip());
        } catch (ParseException e) {
            // The reason goes to the debug log only; the token itself is never logged.
            LOG.debugf("refused a token: %s", e.getMessage());
            throw EdgeAuthException.unauthorized("the token is invalid or expired");
        }
        if (token.getSubject() == null || token.getSubject().isBlank()) {
            throw EdgeAuthException.unauthorized("the token has no sub claim");
        }
        return Caller.of(token.getSubject(), scopes(token.getClaim(settings.scopesClaim())));
    }

    /** OAuth's space-separated string, or a JSON array of scopes as some providers write them. */
    static List<String> scopes(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonString s) {
            out.addAll(Caller.parseScopes(s.getString()));
        } else if (claim instanceof String s) {
            out.addAll(Caller.parseScopes(s));
        } else if (claim instanceof JsonArray array) {
            array.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : v.toString()));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }
}
