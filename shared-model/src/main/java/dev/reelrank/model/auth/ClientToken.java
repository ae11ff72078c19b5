package dev.reelrank.model.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bearer token the project's own clients (scripts/post, the benchmarks, the system tests)
 * send to the public functions: {@code REELRANK_AUTH_TOKEN}, else the file named by
 * {@code REELRANK_AUTH_TOKEN_FILE}, else {@code var/auth/service.token} under the repository's
 * root, which scripts/local writes; none if there is none (a stack with auth off).
 */
public final class ClientToken {
    public static final String ENV_TOKEN = "REELRANK_AUTH_TOKEN";
    public static final String ENV_TOKEN_FILE = "REELRANK_AUTH_TOKEN_FILE";
    public static final String LOCAL_SERVICE_TOKEN = "var/auth/service.token";

    private ClientToken() {}

    /** The {@code Authorization} header value, if a token is configured. */
    public static Optional<String> authorization(Path root) {
        return token(root).map(t -> "Bearer " + t);
    }

    public static Optional<String> token(Path root) {
        String env = System.getenv(ENV_TOKEN);
        if (env != null && !env.isBlank()) return Optional.of(env.strip());
        String file = System.getenv(ENV_TOKEN_FILE);
        Path path = file != null && !file.isBlank() ? Path.of(file) : root.resolve(LOCAL_SERVICE_TOKEN);
        if (!Files.isReadable(path)) return Optional.empty();
        try {
            String token = Files.readString(path).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + path, e);
        }
    }
}
