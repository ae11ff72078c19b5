package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code scripts/deploy --dry-run} is the platform engineer's preview: it must name every image,
 * build each deployable module, render the overlay with the images under one tag, apply it and
 * wait, and change nothing (no file written, no cluster touched: no kubectl is needed to run it).
 */
@DisabledOnOs(OS.WINDOWS)
class DeployDryRunTest {
    private static final List<String> IMAGES = List.of("event-ingestion", "feed-assembly", "re-ranking", "embedding-refresh",
            "event-archiver", "streaming-features");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"production", "local"})
    void printsACompletePlanAndChangesNothing(String overlay) throws Exception {
        Path generated = Manifests.REPOSITORY.resolve("var/deploy/" + overlay);
        boolean existedBefore = Files.exists(generated);
        var run = deploy(Map.of("REELRANK_REGISTRY", "registry.example.com/rr", "REELRANK_IMAGE_TAG", "t1"),
                "--dry-run", "--overlay", overlay);
        assertEquals(0, run.exitCode(), run.output());
        String out = run.output();

        assertTrue(out.contains("-Pimages"), out);
        assertTrue(out.contains("-Dreelrank.image.push=true"), out);
        assertTrue(out.contains("-Dreelrank.image.registry=registry.example.com/rr"), out);
        assertTrue(out.contains("-Dreelrank.image.tag=t1"), out);
        for (String image : IMAGES) {
            String module = image.equals("streaming-features") ? "stages/" + image : "functions/" + image;
            assertTrue(out.contains(module), "builds " + module + ": " + out);
            assertTrue(out.contains("- name: reelrank-" + image + "\n        newName: registry.example.com/rr/reelrank-" + image
                    + "\n        newTag: \"t1\""), "sets the image of " + image + ": " + out);
        }
        assertTrue(out.contains("- ../../../knative/overlays/" + overlay), out);
        assertTrue(out.contains("kubectl get crd kafkasources.sources.knative.dev"), out);
        assertTrue(out.contains("kubectl apply -k " + generated), out);
        assertTrue(out.contains("kubectl -n reelrank wait ksvc --all --for=condition=Ready"), out);
        assertEquals(existedBefore, Files.exists(generated), "a dry run writes nothing");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--overlay=staging", "--bogus"})
    void refusesWhatItDoesNotKnow(String argument) throws Exception {
        var run = deploy(Map.of("REELRANK_REGISTRY", "r"), "--dry-run", argument);
        assertFalse(run.exitCode() == 0, run.output());
        assertTrue(run.output().contains("deploy: error:"), run.output());
    }

    @org.junit.jupiter.api.Test
    void aRealRunNeedsARegistry() throws Exception {
        var run = deploy(Map.of("REELRANK_REGISTRY", ""));
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("set REELRANK_REGISTRY"), run.output());
    }

    private record Run(int exitCode, String output) {}

    @org.junit.jupiter.api.Test
    void withMonitoringAlsoAppliesTheMonitoringKustomizationInTheSameNamespace() throws Exception {
        Path generated = Manifests.REPOSITORY.resolve("var/deploy/monitoring");
        boolean existedBefore = Files.exists(generated);
        var run = deploy(Map.of("REELRANK_REGISTRY", "r", "REELRANK_NAMESPACE", "rr-test"), "--dry-run", "--skip-build", "--monitoring");
        assertEquals(0, run.exitCode(), run.output());
        String out = run.output();
        assertTrue(out.contains("kubectl get crd prometheusrules.monitoring.coreos.com"), out);
        assertTrue(out.contains("namespace: rr-test\n    resources:\n      - ../../../knative/monitoring"), out);
        assertTrue(out.contains("kubectl apply -k " + generated), out);
        assertEquals(existedBefore, Files.exists(generated), "a dry run writes nothing");
        var without = deploy(Map.of("REELRANK_REGISTRY", "r"), "--dry-run", "--skip-build");
        assertFalse(without.output().contains("monitoring"), "monitoring only when asked: " + without.output());
    }

    private static Run deploy(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(Manifests.REPOSITORY.resolve("scripts/deploy").toString());
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scripts/deploy did not finish: " + out);
        return new Run(p.exitValue(), out);
    }
}
