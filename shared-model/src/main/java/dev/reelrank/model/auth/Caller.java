package dev.reelrank.model.auth;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sent a request, as the edge established it: a verified token's {@code sub} and scopes, or
 * the subject and scopes an API gateway forwarded after verifying the token itself.
 */
public record Caller(String subject, Set<String> scopes) {
    public Caller {
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
    }

    /** Scopes as OAuth 2.0 writes them: one string, separated by spaces (commas tolerated for gateways). */
    public static Caller of(String subject, String scopeList) {
        return new Caller(subject, parseScopes(scopeList));
    }

    public static Caller of(String subject, Collection<String> scopes) {
        return new Caller(subject, scopes.stream().filter(s -> !s.isBlank()).map(String::strip).collect(Collectors.toSet()));
    }

    public static Set<String> parseScopes(String scopeList) {
        if (scopeList == null || scopeList.isBlank()) return Set.of();
        return Arrays.stream(scopeList.split("[\\s,]+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }
}
