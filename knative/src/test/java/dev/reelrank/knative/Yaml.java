package dev.reelrank.knative;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The one YAML mapper of the checks: strict, so a misspelt key is an error instead of a default. */
final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Yaml() {}

    /** Every non-empty document of a (multi-document) YAML text. */
    static List<JsonNode> documents(String text) {
        // Parser by parser rather than readValues, which would unwrap a top-level list into its items.
        try (var parser = MAPPER.getFactory().createParser(text)) {
            var out = new ArrayList<JsonNode>();
            while (parser.nextToken() != null) {
                JsonNode doc = MAPPER.readTree(parser);
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) out.add(doc);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> documents(Path file) {
        return documents(read(file));
    }

    /** The documents of a file that must all be objects (Kubernetes resources). */
    static List<ObjectNode> resources(Path file) {
        var out = new ArrayList<ObjectNode>();
        for (JsonNode doc : documents(file)) {
            if (!(doc instanceof ObjectNode o)) throw new IllegalArgumentException(file + ": a document is not a mapping");
            out.add(o);
        }
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
