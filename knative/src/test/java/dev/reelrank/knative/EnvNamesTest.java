package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * A misspelt variable is silently ignored by the program and its default used: every name the
 * manifests set must be one the program reads (a ${NAME:...} of the function's
 * application.properties, or a name StreamingFeaturesConfig reads).
 */
class EnvNamesTest {
    /** Read by the JVM or mapped by Quarkus onto its own properties (QUARKUS_CASSANDRA_AUTH_*). */
    private static final Set<String> PLATFORM = Set.of("JAVA_TOOL_OPTIONS");
    /**
     * Added by issue 20's other branches (vector index selection, the archiver's HTTP binding) and
     * not merged here yet: remove each from this list once its code is in, so it is checked too.
     */
    private static final Set<String> PENDING = Set.of();

    static Stream<Deployment> deployments() {
        return Deployment.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyVariableSetIsOneTheProgramReads(Deployment d) throws IOException {
        var unknown = new ArrayList<String>();
        String all = "";
        for (String f : Deployment.FUNCTIONS) {
            String props = properties(f);
            all += props;
            for (String name : Deployment.env(Deployment.container(d.service(f))).keySet())
                if (!known(name, props)) unknown.add(f + ": " + name);
        }
        String streaming = Files.readString(Manifests.REPOSITORY.resolve(
                "stages/streaming-features/src/main/java/dev/reelrank/streamingfeatures/StreamingFeaturesConfig.java"));
        all += streaming;
        var job = d.get(StatefulSet.class, "streaming-features").getSpec().getTemplate().getSpec().getContainers().get(0);
        for (String name : Deployment.env(job).keySet())
            if (!PLATFORM.contains(name) && !streaming.contains("\"" + name + "\"")) unknown.add("streaming-features: " + name);
        for (String name : d.config().keySet())
            if (!known(name, all) && !streaming.contains("\"" + name + "\"")) unknown.add("reelrank-config: " + name);
        assertEquals(new ArrayList<String>(), unknown);
    }

    private static boolean known(String name, String source) {
        return PLATFORM.contains(name) || PENDING.contains(name) || name.startsWith("QUARKUS_") || source.contains("${" + name + ":");
    }

    private static String properties(String function) throws IOException {
        return Files.readString(Manifests.REPOSITORY.resolve("functions/" + function + "/src/main/resources/application.properties"));
    }
}
