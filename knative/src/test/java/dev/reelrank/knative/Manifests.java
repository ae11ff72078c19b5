package dev.reelrank.knative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The files under knative/ and what each one is. */
final class Manifests {
    /** knative/ (surefire runs in the module's directory). */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path BASE = ROOT.resolve("base");
    static final Path LOCAL = ROOT.resolve("overlays/local");
    static final Path PRODUCTION = ROOT.resolve("overlays/production");
    static final Path REPOSITORY = ROOT.getParent();

    private Manifests() {}

    /**
     * Every YAML file of the deployment (src/ and target/ are the module's own; *.test.yaml are
     * promtool's unit tests of the alert rules, not manifests).
     */
    static List<Path> yamlFiles() {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> !p.startsWith(ROOT.resolve("src")) && !p.startsWith(ROOT.resolve("target")))
                    .filter(p -> !p.toString().endsWith(".test.yaml"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isKustomization(Path file) {
        return file.getFileName().toString().equals("kustomization.yaml");
    }

    /** The files some kustomization uses as JSON 6902 patches (lists of operations, not resources). */
    static Set<Path> json6902Files() {
        var out = new HashSet<Path>();
        for (Path k : yamlFiles()) {
            if (!isKustomization(k)) continue;
            for (Kustomization.Patch p : Kustomization.read(k).patches())
                if (p.isJson6902()) out.add(k.getParent().resolve(p.path()).normalize());
        }
        return out;
    }

    /** The resource files and strategic-merge patches: every document in them is a typed resource. */
    static List<Path> resourceFiles() {
        Set<Path> json = json6902Files();
        return yamlFiles().stream().filter(p -> !isKustomization(p) && !json.contains(p)).toList();
    }

    static List<HasMetadata> typed(List<ObjectNode> docs) {
        return docs.stream().map(StrictModel::parse).toList();
    }

    static String namespace() {
        return Kustomization.read(BASE.resolve("kustomization.yaml")).namespace();
    }
}
