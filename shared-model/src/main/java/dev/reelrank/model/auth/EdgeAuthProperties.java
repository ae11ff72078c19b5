package dev.reelrank.model.auth;

/**
 * The {@code reelrank.auth.*} settings both public functions read, named once: each function's
 * {@code AuthSettings} is a config mapping that extends this interface and adds nothing, and its
 * application.properties gives every value (there, each setting's default is documented).
 */
public interface EdgeAuthProperties {
    /** How callers authenticate: a verified bearer token, an API gateway's headers, or not at all (tests). */
    enum Mode { JWT, GATEWAY, OFF }

    Mode mode();

    /** The token claim holding the scopes: a space-separated string or a JSON array. */
    String scopesClaim();

    /** Posting events needs it; declared for both functions so one shared config may carry it. */
    String producerScope();

    /** Reads any feed and posts anyone's events. */
    String serviceScope();

    Gateway gateway();

    /** Where an API gateway that verified the token itself puts the caller. */
    interface Gateway {
        String subjectHeader();

        String scopesHeader();
    }
}
