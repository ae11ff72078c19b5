package dev.reelrank.model.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bearer token the project's own clients (scripts/post, the benchmarks, the system tests)
 * send to the public functions: {@code REELRANK_AUTH_TOKEN}, else the file named by
 * {@code REELRANK_AUTH_TOKEN_FILE}, else {@code var/auth/service.token} under the repository's
 * root (the {@code reelrank.home} system property, else the nearest directory upwards of the
 * working directory that has one), which scripts/local writes; none if there is none (a stack
 * with auth off). The token is read, never printed.
 */
public final class ClientToken {
    public static final String ENV_TOKEN = "REELRANK_AUTH_TOKEN";
    public static final String ENV_TOKEN_FILE = "REELRANK_AUTH_TOKEN_FILE";
    public static final String LOCAL_SERVICE_TOKEN = "var/auth/service.token";

    private ClientToken() {}

    // Read once per process: a benchmark sends thousands of requests a second.
    private static final class Once {
        static final Optional<String> AUTHORIZATION = authorization(root());
    }

    /** The {@code Authorization} header value, if a token is configured (looked up once per process). */
    public static Optional<String> authorization() {
        return Once.AUTHORIZATION;
    }

    /** The request with the token's {@code Authorization} header, if there is a token. */
    public static HttpRequest.Builder withToken(HttpRequest.Builder request) {
        authorization().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    public static Optional<String> authorization(Path root) {
        return token(root).map(t -> "Bearer " + t);
    }

    private static Path root() {
        String home = System.getProperty("reelrank.home");
        if (home != null && !home.isBlank()) return Path.of(home);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(LOCAL_SERVICE_TOKEN))) return dir;
        }
        return Path.of("");
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
