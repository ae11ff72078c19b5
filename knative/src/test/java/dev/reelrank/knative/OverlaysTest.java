package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** What each overlay changes, checked on the rendered result (base + patches). */
class OverlaysTest {
    private final Deployment base = Deployment.base();
    private final Deployment local = Deployment.local();
    private final Deployment production = Deployment.production();

    @Test
    void productionSearchesQdrantWithTheKeyFromASecret() {
        assertEquals("qdrant", production.config().get("REELRANK_VECTOR_INDEX_KIND"));
        assertTrue(production.config().get("QDRANT_URL").matches("https?://[^@/]+:6334"), production.config().get("QDRANT_URL"));
        var key = Deployment.env(Deployment.container(production.service("feed-assembly"))).get("QDRANT_API_KEY");
        assertEquals("reelrank-qdrant", key.getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void localAndBaseKeepTheEmbeddedIndex() {
        for (Deployment d : new Deployment[] {base, local}) {
            assertNotEquals("qdrant", d.config().get("REELRANK_VECTOR_INDEX_KIND"), d.name());
            assertFalse(d.config().containsKey("QDRANT_URL"), d.name());
            assertFalse(Deployment.env(Deployment.container(d.service("feed-assembly"))).containsKey("QDRANT_API_KEY"), d.name());
        }
    }

    @Test
    void productionKeepsTwoWarmPodsOfTheFeedPathAndScalesHigher() {
        for (String f : Deployment.WARM)
            assertTrue(minScale(production.service(f)) >= 2, f + ": one pod's restart must not mean a cold start");
        for (String f : Deployment.FUNCTIONS)
            assertTrue(maxScale(production.service(f)) >= maxScale(base.service(f)), f);
        assertTrue(maxScale(production.service("feed-assembly")) > maxScale(base.service("feed-assembly")));
    }

    @Test
    void localScalesEverythingToZeroAndStaysSmall() {
        BigDecimal total = BigDecimal.ZERO;
        for (String f : Deployment.FUNCTIONS) {
            assertEquals(0, minScale(local.service(f)), f);
            assertTrue(maxScale(local.service(f)) <= 2, f);
            var memory = Resources.memoryLimit(Deployment.container(local.service(f)));
            assertTrue(memory.compareTo(Resources.memoryLimit(Deployment.container(base.service(f)))) <= 0, f + " no bigger than the base");
            total = total.add(memory);
        }
        var job = local.get(StatefulSet.class, "streaming-features").getSpec().getTemplate().getSpec().getContainers().get(0);
        total = total.add(Resources.memoryLimit(job));
        // One pod of everything fits a 16 GB laptop with room for Kafka, Cassandra and Redis.
        assertTrue(total.compareTo(Resources.MI.multiply(BigDecimal.valueOf(8 * 1024))) <= 0, "local memory limits total " + total);
    }

    @Test
    void productionPodsAreAtLeastTheBaseOnes() {
        for (String f : Deployment.FUNCTIONS)
            assertTrue(Resources.memoryLimit(Deployment.container(production.service(f)))
                    .compareTo(Resources.memoryLimit(Deployment.container(base.service(f)))) >= 0, f);
    }

    @Test
    void patchesKeepWhatTheyDoNotName() {
        // A strategic-merge patch with a container list would have replaced the base's container whole.
        for (Deployment d : new Deployment[] {local, production})
            for (String f : Deployment.FUNCTIONS) {
                var c = Deployment.container(d.service(f));
                assertTrue(c.getImage() != null && c.getReadinessProbe() != null && !c.getEnvFrom().isEmpty(), d.name() + " " + f);
                assertEquals(Deployment.env(Deployment.container(base.service(f))).keySet().stream().toList(),
                        Deployment.env(c).keySet().stream().limit(Deployment.env(Deployment.container(base.service(f))).size()).toList(),
                        d.name() + " " + f + " keeps the base's env");
            }
        var job = production.get(StatefulSet.class, "streaming-features").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("4", Deployment.env(job).get("STREAMING_FEATURES_PARALLELISM").getValue());
        assertTrue(Deployment.env(job).containsKey("STREAMING_FEATURES_CHECKPOINT_DIR"), "env merged by name, not replaced");
    }

    private static int minScale(Service s) {
        return Integer.parseInt(Deployment.annotation(s, "autoscaling.knative.dev/min-scale"));
    }

    private static int maxScale(Service s) {
        return Integer.parseInt(Deployment.annotation(s, "autoscaling.knative.dev/max-scale"));
    }
}
