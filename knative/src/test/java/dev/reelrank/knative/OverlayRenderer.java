package dev.reelrank.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small stand-in for `kustomize build` (no kustomize binary can be had here): resources, namespace,
 * images, strategic-merge patches and JSON 6902 patches, with kustomize's semantics where this
 * deployment relies on them. The one that matters most: kustomize knows the schema of built-in
 * kinds only, so in a strategic-merge patch of a Knative resource (a CRD) a list replaces the base's
 * list whole, while for built-in kinds lists of named items (containers, env, volumes) are merged
 * by name. (Built-in lists whose real merge key is not "name", such as volumeMounts by mountPath,
 * are treated as named lists here: the overlays do not patch them.)
 */
final class OverlayRenderer {
    private static final Set<String> BUILT_IN_API_VERSIONS = Set.of("v1", "apps/v1", "batch/v1");

    private OverlayRenderer() {}

    /** The resources the kustomization in {@code dir} produces. */
    static List<ObjectNode> render(Path dir) {
        Kustomization k = Kustomization.read(dir.resolve("kustomization.yaml"));
        var docs = new ArrayList<ObjectNode>();
        for (String r : k.resources()) {
            Path p = dir.resolve(r).normalize();
            if (Files.isDirectory(p)) docs.addAll(render(p));
            else docs.addAll(Yaml.resources(p));
        }
        for (Kustomization.ConfigMapGenerator g : k.configMapGenerator()) docs.add(generate(dir, g));
        for (Kustomization.Patch patch : k.patches()) {
            Path file = dir.resolve(patch.path());
            if (patch.isJson6902()) applyJson6902(find(docs, patch.target().apiVersion(), patch.target().kind(), patch.target().name()), file);
            else for (ObjectNode p : Yaml.resources(file)) applyStrategicMerge(docs, p);
        }
        if (k.namespace() != null) docs.forEach(d -> ((ObjectNode) d.with("metadata")).put("namespace", k.namespace()));
        for (Kustomization.Image image : k.images()) docs.forEach(d -> setImage(d, image));
        return docs;
    }

    /**
     * The ConfigMap a configMapGenerator makes. Only generators with disableNameSuffixHash are
     * accepted: the hash suffix kustomize would add is not reproduced here, and a name nobody can
     * predict is no use to Grafana's sidecar anyway.
     */
    static ObjectNode generate(Path dir, Kustomization.ConfigMapGenerator g) {
        if (!g.options().disableNameSuffixHash())
            throw new IllegalArgumentException(g.name() + ": only generators with disableNameSuffixHash are supported");
        ObjectNode cm = Yaml.MAPPER.createObjectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata");
        meta.put("name", g.name());
        if (!g.options().labels().isEmpty()) {
            ObjectNode labels = meta.putObject("labels");
            g.options().labels().forEach(labels::put);
        }
        ObjectNode data = cm.putObject("data");
        for (String f : g.files()) {
            Path file = dir.resolve(f).normalize();
            try {
                data.put(file.getFileName().toString(), Files.readString(file));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(dir.resolve("kustomization.yaml") + " generates from a missing file " + f, e);
            }
        }
        return cm;
    }

    static ObjectNode find(List<ObjectNode> docs, String apiVersion, String kind, String name) {
        return docs.stream()
                .filter(d -> apiVersion.equals(d.path("apiVersion").asText()) && kind.equals(d.path("kind").asText())
                        && name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource " + apiVersion + " " + kind + " " + name + " to patch"));
    }

    static void applyStrategicMerge(List<ObjectNode> docs, ObjectNode patch) {
        String apiVersion = patch.path("apiVersion").asText();
        ObjectNode target = find(docs, apiVersion, patch.path("kind").asText(), patch.path("metadata").path("name").asText());
        merge(target, patch, BUILT_IN_API_VERSIONS.contains(apiVersion));
    }

    /** Maps deep-merged (a null deletes the key); lists by name for built-in kinds, else replaced. */
    static void merge(ObjectNode target, ObjectNode patch, boolean listsByName) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode current = target.get(e.getKey());
            JsonNode value = e.getValue();
            if (value.isNull()) target.remove(e.getKey());
            else if (current instanceof ObjectNode c && value instanceof ObjectNode v) merge(c, v, listsByName);
            else if (listsByName && current instanceof ArrayNode c && value instanceof ArrayNode v && named(c) && named(v)) mergeByName(c, v);
            else target.set(e.getKey(), value.deepCopy());
        }
    }

    private static boolean named(ArrayNode list) {
        for (JsonNode item : list) if (!item.isObject() || !item.hasNonNull("name")) return false;
        return true;
    }

    private static void mergeByName(ArrayNode target, ArrayNode patch) {
        for (JsonNode item : patch) {
            ObjectNode match = null;
            for (JsonNode t : target) if (t.path("name").equals(item.path("name"))) match = (ObjectNode) t;
            if (match == null) target.add(item.deepCopy());
            else merge(match, (ObjectNode) item, true);
        }
    }

    static void applyJson6902(ObjectNode target, Path file) {
        for (JsonNode doc : Yaml.documents(file)) {
            if (!doc.isArray()) throw new IllegalArgumentException(file + ": a JSON 6902 patch is a list of operations");
            for (JsonNode opNode : doc) {
                Kustomization.JsonPatchOp op;
                try {
                    op = Yaml.MAPPER.treeToValue(opNode, Kustomization.JsonPatchOp.class);
                } catch (Exception e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
                apply(target, op, file);
            }
        }
    }

    private static void apply(ObjectNode root, Kustomization.JsonPatchOp op, Path file) {
        String[] parts = op.path().substring(1).split("/", -1);
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = child(parent, unescape(parts[i]));
            if (parent == null) throw new IllegalArgumentException(file + ": path " + op.path() + " does not exist");
        }
        String last = unescape(parts[parts.length - 1]);
        boolean exists = child(parent, last) != null;
        if (!op.op().equals("add") && !exists) throw new IllegalArgumentException(file + ": path " + op.path() + " does not exist");
        if (parent instanceof ObjectNode o) {
            if (op.op().equals("remove")) o.remove(last);
            else o.set(last, op.value().deepCopy());
        } else if (parent instanceof ArrayNode a) {
            if (op.op().equals("add") && last.equals("-")) a.add(op.value().deepCopy());
            else if (op.op().equals("add")) a.insert(Integer.parseInt(last), op.value().deepCopy());
            else if (op.op().equals("replace")) a.set(Integer.parseInt(last), op.value().deepCopy());
            else a.remove(Integer.parseInt(last));
        } else {
            throw new IllegalArgumentException(file + ": path " + op.path() + " does not name an object or list");
        }
    }

    private static JsonNode child(JsonNode node, String key) {
        if (node instanceof ObjectNode o) return o.get(key);
        if (node instanceof ArrayNode a && key.matches("\\d+")) return a.get(Integer.parseInt(key));
        return null;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static void setImage(JsonNode node, Kustomization.Image image) {
        if (node instanceof ObjectNode o) {
            JsonNode img = o.get("image");
            if (img != null && img.isTextual() && o.has("name")) {
                String current = img.asText();
                int colon = current.lastIndexOf(':');
                boolean tagged = colon > current.lastIndexOf('/');
                String name = tagged ? current.substring(0, colon) : current;
                if (name.equals(image.name())) {
                    String newName = image.newName() != null ? image.newName() : name;
                    String tag = image.newTag() != null ? image.newTag()
                            : tagged ? current.substring(colon + 1) : null;
                    o.set("image", TextNode.valueOf(tag == null ? newName : newName + ":" + tag));
                }
            }
            o.elements().forEachRemaining(child -> setImage(child, image));
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(child -> setImage(child, image));
        }
    }
}
