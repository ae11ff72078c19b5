package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every function's Knative Service must say, in the base and after each overlay. */
class FunctionServicesTest {
    private static final String AUTOSCALING = "autoscaling.knative.dev/";
    private static final Set<String> SECRETS = Set.of("reelrank-redis", "reelrank-cassandra", "reelrank-qdrant", "reelrank-archive");

    static Stream<Deployment> deployments() {
        return Deployment.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyFunctionIsAKnativeServiceOfItsImage(Deployment d) {
        assertEquals(Set.copyOf(Deployment.FUNCTIONS),
                Set.copyOf(d.all(Service.class).stream().map(s -> s.getMetadata().getName()).toList()), d.name());
        for (String f : Deployment.FUNCTIONS) {
            Container c = Deployment.container(d.service(f));
            String image = c.getImage();
            assertTrue(image.equals("reelrank-" + f) || image.startsWith("reelrank-" + f + ":") || image.contains("/reelrank-" + f + ":"),
                    d.name() + " " + f + " image " + image);
            assertEquals(1, c.getPorts().size(), f + ": one port, the one Knative sends $PORT for");
            assertNotNull(c.getPorts().get(0).getContainerPort(), f);
            assertEquals(f.equals("re-ranking") ? "h2c" : "http1", c.getPorts().get(0).getName(), f + " port name (gRPC needs h2c)");
            assertTrue(c.getEnvFrom().stream().anyMatch(e -> e.getConfigMapRef() != null
                    && "reelrank-config".equals(e.getConfigMapRef().getName())), f + " reads reelrank-config");
            var opts = Deployment.env(c).get("JAVA_TOOL_OPTIONS");
            assertTrue(opts != null && opts.getValue().matches(".*-XX:MaxRAMPercentage=\\d+.*"), f + ": heap follows the limit");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void probesAskQuarkusHealth(Deployment d) {
        for (String f : Deployment.FUNCTIONS) {
            Container c = Deployment.container(d.service(f));
            assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath(), f);
            assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath(), f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyContainerRequestsAndLimitsCpuAndMemory(Deployment d) {
        for (String f : Deployment.FUNCTIONS) Resources.assertBounded(d.name() + " " + f, Deployment.container(d.service(f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void autoscalingIsSpelledOutAndSane(Deployment d) {
        for (String f : Deployment.FUNCTIONS) {
            Service s = d.service(f);
            String at = d.name() + " " + f + ": ";
            assertEquals("kpa.autoscaling.knative.dev", Deployment.annotation(s, AUTOSCALING + "class"), at + "class");
            String metric = Deployment.annotation(s, AUTOSCALING + "metric");
            assertTrue(Set.of("concurrency", "rps").contains(metric), at + "metric " + metric);
            double target = Double.parseDouble(Deployment.annotation(s, AUTOSCALING + "target"));
            int min = Integer.parseInt(Deployment.annotation(s, AUTOSCALING + "min-scale"));
            int max = Integer.parseInt(Deployment.annotation(s, AUTOSCALING + "max-scale"));
            int initial = Integer.parseInt(Deployment.annotation(s, AUTOSCALING + "initial-scale"));
            Duration delay = goDuration(Deployment.annotation(s, AUTOSCALING + "scale-down-delay"));
            Long concurrency = s.getSpec().getTemplate().getSpec().getContainerConcurrency();
            assertTrue(concurrency != null && concurrency > 0 && concurrency <= 1000, at + "containerConcurrency " + concurrency);
            assertTrue(target > 0, at + "target");
            if (metric.equals("concurrency")) assertTrue(target <= concurrency, at + "target above the hard limit never scales");
            assertTrue(min >= 0 && max >= 1 && min <= max, at + "min " + min + " max " + max);
            assertTrue(initial >= 1 && initial <= max && initial >= min, at + "initial-scale " + initial);
            // Knative caps the delay at one hour.
            assertTrue(!delay.isNegative() && delay.compareTo(Duration.ofHours(1)) <= 0, at + "scale-down-delay " + delay);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void onlyTheFeedPathStaysWarm(Deployment d) {
        for (String f : Deployment.FUNCTIONS) {
            int min = Integer.parseInt(Deployment.annotation(d.service(f), AUTOSCALING + "min-scale"));
            if (!Deployment.WARM.contains(f)) assertEquals(0, min, d.name() + " " + f + " scales to zero");
            else if (!d.name().equals("local")) assertTrue(min >= 1, d.name() + " " + f + ": a cold start breaks the p99");
        }
    }

    /**
     * The archiver's HTTP lane keeps its batch state (intent/commit file, the redelivery window) in
     * one archive root: two replicas would each roll back the other's unfinished batch.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theArchiverRunsOneReplica(Deployment d) {
        assertEquals("1", Deployment.annotation(d.service("event-archiver"), AUTOSCALING + "max-scale"), d.name());
    }

    /**
     * The functions that serve a model read it from the shared models volume, read-only, through
     * the property their application.properties names: a rollout copies a version in and publishes
     * it, no image changes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theModelServingFunctionsReadTheModelsVolume(Deployment d) {
        var modelDir = java.util.Map.of("feed-assembly", "REELRANK_MODEL_DIR", "embedding-refresh", "REELRANK_MODEL_DIR",
                "re-ranking", "REELRANK_MODELS_DIR");
        modelDir.forEach((f, env) -> {
            Service s = d.service(f);
            Container c = Deployment.container(s);
            var mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("models")).findFirst().orElse(null);
            assertNotNull(mount, d.name() + " " + f + " mounts the models volume");
            assertEquals(Boolean.TRUE, mount.getReadOnly(), d.name() + " " + f + " mounts it read-only");
            var env0 = c.getEnv().stream().filter(e -> e.getName().equals(env)).findFirst().orElse(null);
            assertNotNull(env0, d.name() + " " + f + " sets " + env);
            assertEquals(mount.getMountPath(), env0.getValue(), d.name() + " " + f + ": " + env + " is the mount");
            var volume = s.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("models")).findFirst().orElseThrow();
            assertEquals("reelrank-models", volume.getPersistentVolumeClaim().getClaimName(), d.name() + " " + f);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void onlyTheClientFacingFunctionsArePublic(Deployment d) {
        for (String f : Deployment.FUNCTIONS) {
            var labels = d.service(f).getMetadata().getLabels();
            String visibility = labels == null ? null : labels.get("networking.knative.dev/visibility");
            if (Deployment.PUBLIC.contains(f)) assertNull(visibility, f);
            else assertEquals("cluster-local", visibility, f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void feedAssemblyCallsReRankingAtItsClusterLocalAddress(Deployment d) {
        var env = Deployment.env(Deployment.container(d.service("feed-assembly")));
        assertEquals("re-ranking." + Manifests.namespace() + ".svc.cluster.local", env.get("RANKING_HOST").getValue());
        assertEquals("80", env.get("RANKING_PORT").getValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void functionsFedByKafkaSourcesDoNotAlsoConsumeThemselves(Deployment d) {
        assertEquals("false", Deployment.env(Deployment.container(d.service("embedding-refresh"))).get("REELRANK_REFRESH_KAFKA_BINDING").getValue());
        assertEquals("false", Deployment.env(Deployment.container(d.service("event-archiver"))).get("REELRANK_ARCHIVE_KAFKA_BINDING").getValue());
        assertEquals("false", Deployment.env(Deployment.container(d.service("event-archiver"))).get("REELRANK_ARCHIVE_PSEUDONYM_KEY_GENERATE").getValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void credentialsComeOnlyFromTheDeploymentsSecrets(Deployment d) {
        for (String f : Deployment.FUNCTIONS) {
            for (var e : Deployment.env(Deployment.container(d.service(f))).values()) {
                if (e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) continue;
                String secret = e.getValueFrom().getSecretKeyRef().getName();
                assertTrue(SECRETS.contains(secret), f + " " + e.getName() + " reads an unknown Secret " + secret);
                assertNull(e.getValue(), f + " " + e.getName());
            }
        }
    }

    /** Knative's annotation takes Go durations; the manifests use the simple forms (0s, 90s, 5m, 1h). */
    static Duration goDuration(String text) {
        assertNotNull(text, "scale-down-delay");
        var m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)").matcher(text);
        assertTrue(m.matches(), "duration " + text);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
