package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.rollouts.ModelRollouts;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * Serves version A of this run, follows a rollout topic of its own (so no other run's or person's
 * rollout switches it), ANN only, ranking off. No model is loaded: users carry stored embeddings,
 * which makes "a user embedding of one version against videos of another" visible in responses.
 */
public class ModelRolloutProfile implements QuarkusTestProfile {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String VERSION_A = "ro-a-" + RUN;
    static final String VERSION_B = "ro-b-" + RUN;
    static final String TOPIC = "model-rollouts-it-" + RUN;
    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    @Override
    public Map<String, String> getConfigOverrides() {
        // The follower needs the topic when the app starts (scripts/stack creates the real one).
        ModelRollouts.ensureTopic(BOOTSTRAP, TOPIC);
        return Map.ofEntries(
                Map.entry("reelrank.ranking.enabled", "false"),
                Map.entry("reelrank.retrieval.model.enabled", "false"),
                Map.entry("reelrank.retrieval.served-version", VERSION_A),
                Map.entry("reelrank.retrieval.index-dir", "target/index-rollout-it"),
                Map.entry("reelrank.retrieval.index-refresh-interval", "100ms"),
                Map.entry("reelrank.retrieval.rollouts.enabled", "true"),
                Map.entry("reelrank.retrieval.rollouts.topic", TOPIC),
                Map.entry("reelrank.retrieval.rollouts.retire-grace", "5s"),
                Map.entry("reelrank.feed.popular-quota", "0"),
                // Every slot an ANN item: the test counts them (an explore slot would take one).
                Map.entry("reelrank.feed.explore-share", "0"),
                Map.entry("reelrank.sources.ann.enabled", "true"),
                Map.entry("reelrank.sources.ann.quota", "20"));
    }
}
