package dev.reelrank.model.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** A token's scopes claim as a list: OAuth's space-separated string, or a JSON array as some providers write it. */
public final class ScopeClaim {
    private ScopeClaim() {}

    /**
     * @param claim the claim as the JWT library returns it: a string, a collection, or a JSON value
     * @param text a JSON library's string value as plain text (e.g. its JsonString's content); other values as they print
     */
    public static List<String> values(Object claim, Function<Object, String> text) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> out.add(text.apply(v)));
        } else if (claim != null) {
            out.addAll(Caller.parseScopes(text.apply(claim)));
        }
        return out;
    }
}
