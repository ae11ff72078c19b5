package dev.reelrank.knative;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds credentials written into manifests. Credentials reach the pods only by secretKeyRef to
 * Secrets created outside the repository, so any of these is a leak:
 * a Secret with data or stringData; an env var or ConfigMap key named like a credential with a
 * literal value; a URL with a password in it (redis://:pw@host), wherever it appears.
 * "Named like a credential": a word of the name (split at _ . -) is PASSWORD, PASSWD, SECRET,
 * TOKEN, CREDENTIAL(S) or APIKEY, or its last word is KEY (so ..._KEY_GENERATE, a switch, is not).
 */
final class SecretLiterals {
    private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "APIKEY");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s@]*:[^/\\s@]+@");

    private SecretLiterals() {}

    static boolean credentialName(String name) {
        String[] words = name.toUpperCase().split("[_.\\-]");
        for (String w : words) if (SECRET_WORDS.contains(w)) return true;
        return words.length > 0 && words[words.length - 1].equals("KEY");
    }

    /** What is wrong in one document (a resource, or a JSON patch's list of operations); empty = clean. */
    static List<String> violations(JsonNode doc) {
        var out = new ArrayList<String>();
        if ("Secret".equals(doc.path("kind").asText()) && (nonEmpty(doc.get("data")) || nonEmpty(doc.get("stringData"))))
            out.add("Secret " + doc.path("metadata").path("name").asText() + " carries data");
        if ("ConfigMap".equals(doc.path("kind").asText()))
            doc.path("data").fieldNames().forEachRemaining(k -> {
                if (credentialName(k)) out.add("ConfigMap key " + k + " holds a credential");
            });
        walk(doc, "", out);
        return out;
    }

    private static boolean nonEmpty(JsonNode n) {
        return n != null && !n.isNull() && n.size() > 0;
    }

    private static void walk(JsonNode node, String path, List<String> out) {
        if (node.isTextual() && URL_WITH_PASSWORD.matcher(node.asText()).find()) out.add(path + ": a URL with a password");
        if (node.isObject()) {
            // An env var: {name, value} (a valueFrom has no literal to leak).
            if (node.has("name") && node.has("value") && node.get("value").isValueNode() && credentialName(node.get("name").asText()))
                out.add(path + ": env " + node.get("name").asText() + " has a literal value");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                walk(e.getValue(), path + "/" + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "/" + i, out);
        }
    }
}
