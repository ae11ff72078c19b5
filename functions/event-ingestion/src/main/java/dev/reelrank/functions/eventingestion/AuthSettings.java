package dev.reelrank.functions.eventingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Authentication at the edge; each setting is documented in application.properties. */
@ConfigMapping(prefix = "reelrank.auth")
public interface AuthSettings {
    enum Mode { JWT, GATEWAY, OFF }

    @WithDefault("jwt")
    Mode mode();

    @WithDefault("scope")
    String scopesClaim();

    @WithDefault("events:write")
    String producerScope();

    @WithDefault("reelrank:service")
    String serviceScope();

    Gateway gateway();

    interface Gateway {
        @WithDefault("X-Reelrank-Subject")
        String subjectHeader();

        @WithDefault("X-Reelrank-Scopes")
        String scopesHeader();
    }
}
