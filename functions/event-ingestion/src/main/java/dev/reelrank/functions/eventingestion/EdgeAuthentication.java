package dev.reelrank.functions.eventingestion;

import dev.reelrank.model.auth.Caller;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Who is calling, per {@code reelrank.auth.mode}: a verified RS256 bearer token (SmallRye JWT,
 * key and issuer from {@code mp.jwt.verify.*}), the subject and scopes an API gateway forwarded,
 * or nobody at all ({@code off}, the test profile). Authorization is
 * {@link dev.reelrank.model.auth.EdgeAuthorization}'s job; this only answers 401.
 */
@ApplicationScoped
@Startup
public class EdgeAuthentication {
    private static final Logger LOG = Logger.getLogger(EdgeAuthentication.class);
    private static final String BEARER = "bearer ";
    private static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    private static final String KEY = "mp.jwt.verify.publickey";

    private final AuthSettings settings;
    private final JWTParser parser;

    EdgeAuthentication(AuthSettings settings, JWTParser parser) {
        this.settings = settings;
        this.parser = parser;
        if (settings.mode() == AuthSettings.Mode.JWT && ConfigProvider.getConfig().getOptionalValue(KEY_LOCATION, String.class).filter(v -> !v.equals("NONE")).isEmpty()
                && ConfigProvider.getConfig().getOptionalValue(KEY, String.class).filter(v -> !v.equals("NONE")).isEmpty()) {
            // Not a start-up failure: images are trained and probed without keys (AotTrain); failing closed is enough.
            LOG.errorf("reelrank.auth.mode=jwt but neither %s nor %s is set: every request gets 401", KEY_LOCATION, KEY);
        } else if (settings.mode() == AuthSettings.Mode.OFF) {
            LOG.warn("reelrank.auth.mode=off: POST /v1/events accepts anyone's events; only for tests");
        } else if (settings.mode() == AuthSettings.Mode.GATEWAY) {
            LOG.infof("reelrank.auth.mode=gateway: trusting %s/%s set by the API gateway",
                    settings.gateway().subjectHeader(), settings.gateway().scopesHeader());
        }
    }

    /** Empty when authentication is off. @throws RejectedEventException a 401 problem */
    public Optional<Caller> authenticate(HttpHeaders headers) {
        return switch (settings.mode()) {
            case OFF -> Optional.empty();
            case GATEWAY -> Optional.of(fromGateway(headers));
            case JWT -> Optional.of(fromToken(headers.getHeaderString(HttpHeaders.AUTHORIZATION)));
        };
    }

    private Caller fromGateway(HttpHeaders headers) {
        String subject = headers.getHeaderString(settings.gateway().subjectHeader());
        if (subject == null || subject.isBlank()) {
            throw unauthorized("no " + settings.gateway().subjectHeader() + " header from the gateway");
        }
        return Caller.of(subject.strip(), headers.getHeaderString(settings.gateway().scopesHeader()));
    }

    private Caller fromToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized("a bearer token is required (Authorization: Bearer <token>)");
        }
        JsonWebToken token;
        try {
            token = parser.parse(authorization.substring(BEARER.length()).strip());
        } catch (ParseException e) {
            // The reason (expired, bad signature, wrong issuer) helps the client; the token itself is never logged.
            LOG.debugf("refused a token: %s", e.getMessage());
            throw unauthorized("the token is invalid or expired");
        }
        if (token.getSubject() == null || token.getSubject().isBlank()) throw unauthorized("the token has no sub claim");
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

    private static RejectedEventException unauthorized(String detail) {
        return new RejectedEventException(Problem.unauthorized(detail));
    }
}
