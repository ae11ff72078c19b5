package dev.reelrank.model.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The local demo's token issuer (scripts/lib/token runs it from shared-model's jar):
 * <pre>
 *   keygen &lt;dir&gt;                       private.pem (owner-only) and public.pem, unless they exist
 *   token --key &lt;private.pem&gt; --issuer &lt;iss&gt; --sub &lt;sub&gt; [--scope "a b"] [--ttl PT12H]
 * </pre>
 * The token goes to stdout only: never into a log.
 */
public final class TokenTool {
    // Long enough for a demo session or a test run; scripts/local mints a new one on every "up".
    private static final Duration DEFAULT_TTL = Duration.ofHours(12);

    private TokenTool() {}

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("keygen")) {
            keygen(Path.of(args[1]));
        } else if (args.length >= 1 && args[0].equals("token")) {
            System.out.println(token(List.of(args).subList(1, args.length)));
        } else {
            System.err.println("usage: keygen <dir> | token --key <private.pem> --issuer <iss> --sub <sub> [--scope \"a b\"] [--ttl PT12H]");
            System.exit(2);
        }
    }

    static void keygen(Path dir) throws IOException {
        Path privatePem = dir.resolve("private.pem");
        Path publicPem = dir.resolve("public.pem");
        if (Files.exists(privatePem) && Files.exists(publicPem)) return;
        Files.createDirectories(dir);
        KeyPair pair = Rs256Tokens.newKeyPair();
        Files.deleteIfExists(privatePem);
        Files.createFile(privatePem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privatePem, Rs256Tokens.privateKeyPem(pair.getPrivate()));
        Files.writeString(publicPem, Rs256Tokens.publicKeyPem(pair.getPublic()));
    }

    static String token(List<String> args) throws IOException {
        String key = null, issuer = null, subject = null;
        List<String> scopes = new ArrayList<>();
        Duration ttl = DEFAULT_TTL;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--key" -> key = value;
                case "--issuer" -> issuer = value;
                case "--sub" -> subject = value;
                case "--scope" -> scopes.addAll(Caller.parseScopes(value));
                case "--ttl" -> ttl = Duration.parse(value);
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        if (key == null || issuer == null || subject == null) throw new IllegalArgumentException("--key, --issuer and --sub are required");
        return Rs256Tokens.sign(Rs256Tokens.readPrivateKey(Files.readString(Path.of(key))), issuer, subject, scopes, Instant.now(), ttl);
    }
}
