package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every file under knative/ is what kustomize and the cluster's schemas expect, field by field. */
class SchemaTest {

    @Test
    void everyResourceDocumentMatchesTheTypedModelOfItsKind() {
        var failures = new ArrayList<String>();
        int documents = 0;
        for (Path file : Manifests.resourceFiles()) {
            for (JsonNode doc : Yaml.documents(file)) {
                documents++;
                try {
                    StrictModel.parse(doc);
                } catch (IllegalArgumentException e) {
                    failures.add(Manifests.ROOT.relativize(file) + ": " + e.getMessage());
                }
            }
        }
        assertTrue(documents > 20, "the walk found the manifests (" + documents + " documents)");
        assertEquals(List.of(), failures);
    }

    @Test
    void everyRenderedDeploymentStillMatchesTheTypedModels() {
        // Patches can break what each file alone gets right (a JSON patch on the wrong path).
        for (Deployment d : Deployment.all()) assertFalse(d.resources().isEmpty(), d.name());
    }

    @Test
    void everyKustomizationNamesFilesThatExistAndEveryFileIsUsed() {
        Set<Path> used = new HashSet<>();
        for (Path k : Manifests.yamlFiles()) {
            if (!Manifests.isKustomization(k)) continue;
            used.add(k);
            Kustomization kustomization = Kustomization.read(k);
            for (String r : kustomization.resources()) {
                Path p = k.getParent().resolve(r).normalize();
                assertTrue(Files.exists(p), k + " names a missing resource " + r);
                used.add(p);
            }
            for (Kustomization.Patch patch : kustomization.patches()) {
                Path p = k.getParent().resolve(patch.path()).normalize();
                assertTrue(Files.isRegularFile(p), k + " names a missing patch " + patch.path());
                used.add(p);
            }
        }
        var unused = Manifests.yamlFiles().stream().filter(p -> !used.contains(p)).map(Manifests.ROOT::relativize).toList();
        assertEquals(List.of(), unused, "YAML no kustomization applies (dead or forgotten)");
    }

    @Test
    void everyJsonPatchIsAListOfKnownOperations() {
        for (Path file : Manifests.json6902Files()) {
            for (JsonNode doc : Yaml.documents(file)) {
                assertTrue(doc.isArray(), file + " is a list of operations");
                for (JsonNode op : doc)
                    assertTrue(op.size() > 0 && parsesAsOp(op), file + ": " + op);
            }
        }
    }

    private static boolean parsesAsOp(JsonNode op) {
        try {
            Yaml.MAPPER.treeToValue(op, Kustomization.JsonPatchOp.class);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
