package dev.reelrank.functions.eventingestion;

import dev.reelrank.model.auth.EdgeAuthentication;
import dev.reelrank.model.auth.TokenVerifier;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Binds shared-model's {@link EdgeAuthentication} to the config and SmallRye JWT (key and issuer from {@code mp.jwt.verify.*}). */
public class EdgeAuthBinding {
    @Produces
    @Singleton
    @Startup // a missing key is reported at start, not at the first request
    EdgeAuthentication authentication(AuthSettings settings, JWTParser parser) {
        var authentication = new EdgeAuthentication(settings, verifier(parser, settings.scopesClaim()));
        authentication.announce(EdgeAuthentication.keyConfigured(
                name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null)), "POST /v1/events accepts anyone's events");
        return authentication;
    }

    static TokenVerifier verifier(JWTParser parser, String scopesClaim) {
        return TokenVerifier.over(token -> parser.parse(token), JsonWebToken::getSubject, jwt -> jwt.getClaim(scopesClaim),
                value -> value instanceof JsonString s ? s.getString() : String.valueOf(value));
    }
}
