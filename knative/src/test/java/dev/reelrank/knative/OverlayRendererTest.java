package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer behaves as kustomize does on the cases the overlays rely on. */
class OverlayRendererTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: job}
            spec:
              template:
                spec:
                  containers:
                    - name: job
                      image: reelrank-job
                      env:
                        - {name: A, value: "1"}
                        - {name: B, value: "2"}
            """;
    private static final String KNATIVE = """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: {name: fn}
            spec:
              template:
                metadata:
                  annotations: {a: "1", b: "2"}
                spec:
                  containers:
                    - name: fn
                      image: reelrank-fn
                      env:
                        - {name: A, value: "1"}
            """;

    private static ObjectNode doc(String text) {
        return (ObjectNode) Yaml.documents(text).get(0);
    }

    @Test
    void builtInKindsMergeNamedListsByName() {
        var docs = List.of(doc(DEPLOYMENT));
        OverlayRenderer.applyStrategicMerge(docs, doc("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: job}
                spec: {template: {spec: {containers: [{name: job, env: [{name: B, value: "3"}, {name: C, value: "4"}]}]}}}
                """));
        var c = docs.get(0).at("/spec/template/spec/containers/0");
        assertEquals("reelrank-job", c.path("image").asText());
        assertEquals("[1, 3, 4]", c.path("env").findValuesAsText("value").toString());
    }

    @Test
    void knativeListsAreReplacedWholeButMapsMerge() {
        var docs = List.of(doc(KNATIVE));
        OverlayRenderer.applyStrategicMerge(docs, doc("""
                apiVersion: serving.knative.dev/v1
                kind: Service
                metadata: {name: fn}
                spec:
                  template:
                    metadata: {annotations: {b: "3"}}
                    spec: {containers: [{name: fn, env: [{name: B, value: "2"}]}]}
                """));
        var t = docs.get(0).at("/spec/template");
        assertEquals("1", t.at("/metadata/annotations/a").asText());
        assertEquals("3", t.at("/metadata/annotations/b").asText());
        // kustomize knows no schema for the CRD: the container (and its image) is gone.
        assertEquals(true, t.at("/spec/containers/0/image").isMissingNode());
    }

    @Test
    void jsonPatchesAppendReplaceAndFailOnMissingPaths(@TempDir Path dir) throws IOException {
        ObjectNode target = doc(KNATIVE);
        Path ops = dir.resolve("ops.yaml");
        Files.writeString(ops, """
                - op: add
                  path: /spec/template/spec/containers/0/env/-
                  value: {name: B, value: "2"}
                - op: replace
                  path: /spec/template/metadata/annotations/a
                  value: "9"
                """);
        OverlayRenderer.applyJson6902(target, ops);
        assertEquals("[1, 2]", target.at("/spec/template/spec/containers/0/env").findValuesAsText("value").toString());
        assertEquals("9", target.at("/spec/template/metadata/annotations/a").asText());
        Files.writeString(ops, "- {op: replace, path: /spec/template/spec/containers/1/resources, value: {}}\n");
        assertThrows(IllegalArgumentException.class, () -> OverlayRenderer.applyJson6902(target, ops));
    }

    @Test
    void aPatchOfAMissingResourceFails() {
        assertThrows(IllegalArgumentException.class, () -> OverlayRenderer.applyStrategicMerge(List.of(doc(DEPLOYMENT)),
                doc("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: other}\n")));
    }
}
