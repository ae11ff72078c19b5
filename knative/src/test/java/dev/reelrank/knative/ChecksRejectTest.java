package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks can fail: broken manifests are rejected by the very code the other tests run. */
class ChecksRejectTest {
    private static final String SERVICE = """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata:
              name: demo
            spec:
              template:
                spec:
                  %s
                  containers:
                    - image: reelrank-demo
                      %s
            """;

    private static IllegalArgumentException rejected(String text) {
        return assertThrows(IllegalArgumentException.class, () -> StrictModel.parse(Yaml.documents(text).get(0)));
    }

    @Test
    void aWellFormedServiceIsAccepted() {
        StrictModel.parse(Yaml.documents(SERVICE.formatted("containerConcurrency: 5", "name: demo")).get(0));
    }

    @Test
    void aMisspeltFieldDeepInsideIsRejected() {
        // fabric8 would keep it in additionalProperties and Knative's webhook would refuse it.
        var e = rejected(SERVICE.formatted("containerConcurency: 5", "name: demo"));
        assertTrue(e.getMessage().contains("containerConcurency"), e.getMessage());
        e = rejected(SERVICE.formatted("containerConcurrency: 5", "readinesProbe: {httpGet: {path: /q/health/ready}}"));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
    }

    @Test
    void aFieldOfAnotherApiVersionIsRejected() {
        var e = rejected("""
                apiVersion: sources.knative.dev/v1beta1
                kind: KafkaSource
                metadata: {name: s}
                spec:
                  topic: interactions
                """);
        assertTrue(e.getMessage().contains("topic"), e.getMessage());
    }

    @Test
    void anUnknownKindIsRejected() {
        rejected("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
    }

    @Test
    void aLiteralCredentialIsFound() {
        var env = SERVICE.formatted("containerConcurrency: 5", """
                env:
                        - name: QUARKUS_CASSANDRA_AUTH_PASSWORD
                          value: hunter2
                        - name: REELRANK_ARCHIVE_PSEUDONYM_KEY_GENERATE
                          value: "false"
                        - name: REDIS_URL
                          value: redis://default:hunter2@redis:6379
                """);
        var found = SecretLiterals.violations(Yaml.documents(env).get(0));
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).contains("QUARKUS_CASSANDRA_AUTH_PASSWORD"), found.toString());
        assertTrue(found.get(1).contains("a URL with a password"), found.toString());
    }

    @Test
    void aSecretWithDataIsFound() {
        var found = SecretLiterals.violations(Yaml.documents("""
                apiVersion: v1
                kind: Secret
                metadata: {name: reelrank-redis}
                stringData:
                  url: redis://redis:6379
                """).get(0));
        assertEquals(1, found.size(), found.toString());
    }

    @Test
    void aCredentialKeyInAConfigMapIsFound() {
        var found = SecretLiterals.violations(Yaml.documents("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: reelrank-config}
                data:
                  QDRANT_API_KEY: abc
                """).get(0));
        assertEquals(1, found.size(), found.toString());
    }

    @Test
    void aKustomizationGeneratingSecretsIsRejected(@TempDir Path dir) throws IOException {
        Path k = dir.resolve("kustomization.yaml");
        Files.writeString(k, """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                secretGenerator:
                  - name: reelrank-redis
                    literals: [url=redis://:pw@redis:6379]
                """);
        var e = assertThrows(IllegalArgumentException.class, () -> Kustomization.read(k));
        assertTrue(e.getMessage().contains("secretGenerator"), e.getMessage());
    }
}
