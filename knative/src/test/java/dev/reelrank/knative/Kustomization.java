package dev.reelrank.knative;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The part of kustomize's Kustomization that this deployment uses, and nothing more: any other key
 * (secretGenerator, configMapGenerator with literals, vars...) fails the strict parse, so such a
 * feature has to be added here deliberately. configMapGenerator is known with {@code files} only
 * (monitoring/ ships the Grafana dashboard that way: the JSON stays importable as it is).
 */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
                     List<Patch> patches, List<Image> images, List<ConfigMapGenerator> configMapGenerator) {

    /** A ConfigMap whose data are whole files, keyed by file name. */
    record ConfigMapGenerator(String name, List<String> files, GeneratorOptions options) {
        ConfigMapGenerator {
            if (name == null || files == null || files.isEmpty()) throw new IllegalArgumentException("configMapGenerator needs a name and files");
            options = options == null ? new GeneratorOptions(false, java.util.Map.of()) : options;
        }
    }

    record GeneratorOptions(boolean disableNameSuffixHash, java.util.Map<String, String> labels) {
        GeneratorOptions {
            labels = labels == null ? java.util.Map.of() : labels;
        }
    }

    /** A strategic-merge patch file (no target) or a JSON 6902 patch file applied to its target. */
    record Patch(String path, Target target) {
        boolean isJson6902() {
            return target != null;
        }
    }

    record Target(String group, String version, String kind, String name) {
        String apiVersion() {
            return group == null || group.isEmpty() ? version : group + "/" + version;
        }
    }

    record Image(String name, String newName, String newTag) {}

    Kustomization {
        if (!"kustomize.config.k8s.io/v1beta1".equals(apiVersion) || !"Kustomization".equals(kind))
            throw new IllegalArgumentException("not a kustomize.config.k8s.io/v1beta1 Kustomization: " + apiVersion + " " + kind);
        resources = resources == null ? List.of() : resources;
        patches = patches == null ? List.of() : patches;
        images = images == null ? List.of() : images;
        configMapGenerator = configMapGenerator == null ? List.of() : configMapGenerator;
    }

    static Kustomization read(Path file) {
        List<JsonNode> docs = Yaml.documents(file);
        if (docs.size() != 1) throw new IllegalArgumentException(file + ": one document expected");
        try {
            return Yaml.MAPPER.treeToValue(docs.get(0), Kustomization.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** One operation of a JSON 6902 patch file (the only fields RFC 6902 gives add/replace/remove). */
    record JsonPatchOp(String op, String path, JsonNode value) {
        JsonPatchOp {
            if (!List.of("add", "replace", "remove").contains(op)) throw new IllegalArgumentException("unsupported op " + op);
            if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("bad path " + path);
        }
    }
}
