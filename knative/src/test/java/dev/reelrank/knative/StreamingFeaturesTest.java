package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** The embedded Flink job: one instance, its checkpoints on a volume of its own. */
class StreamingFeaturesTest {

    static Stream<Deployment> deployments() {
        return Deployment.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void runsOnceWithItsCheckpointsOnItsVolume(Deployment d) {
        StatefulSet s = d.get(StatefulSet.class, "streaming-features");
        assertEquals(1, s.getSpec().getReplicas(), "a second job would count every event twice");
        var c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(c.getImage().startsWith("reelrank-streaming-features"), c.getImage());
        String dir = Deployment.env(c).get("STREAMING_FEATURES_CHECKPOINT_DIR").getValue();
        String claim = s.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(claim) && m.getMountPath().equals(dir)),
                "checkpoint dir " + dir + " is the claim's mount");
        assertEquals(s.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name"),
                s.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"));
        Resources.assertBounded(d.name() + " streaming-features", c);
        var pod = s.getSpec().getTemplate().getSpec().getSecurityContext();
        assertEquals(65532L, pod == null ? null : pod.getFsGroup(), "the image's user (65532) can write the checkpoint volume");
        var opts = Deployment.env(c).get("JAVA_TOOL_OPTIONS");
        assertTrue(opts != null && opts.getValue().contains("-XX:MaxRAMPercentage="), "heap follows the limit");
    }
}
