package dev.reelrank.functions.feedassembly;

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

    // Only event-ingestion uses it; declared so one shared config (a ConfigMap) may carry it for both.
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
