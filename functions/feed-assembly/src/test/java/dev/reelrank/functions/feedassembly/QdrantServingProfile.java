package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.rollouts.ModelRollouts;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * kind=qdrant against QDRANT_URL (QdrantServingIT is skipped without it), with collections,
 * writer groups and a rollouts topic of this run's own; ANN only, ranking off, no model (3-dim
 * stored user embeddings), so every feed item of source ann came out of Qdrant.
 */
public class QdrantServingProfile implements QuarkusTestProfile {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String VERSION_A = "qd-a-" + RUN;
    static final String VERSION_B = "qd-b-" + RUN;
    static final String PREFIX = "reelrank-it-" + RUN + "-";
    static final String TOPIC = "model-rollouts-it-" + RUN;
    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static final String QDRANT_URL = System.getenv("QDRANT_URL");

    static boolean qdrantGiven() {
        return QDRANT_URL != null && !QDRANT_URL.isBlank();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        if (qdrantGiven()) ModelRollouts.ensureTopic(BOOTSTRAP, TOPIC);
        return Map.ofEntries(
                Map.entry("reelrank.vector-index.kind", "qdrant"),
                // Unset: the app still starts (nothing connects at start) and the test skips itself.
                Map.entry("reelrank.vector-index.qdrant.url", qdrantGiven() ? QDRANT_URL : "http://127.0.0.1:6334"),
                Map.entry("reelrank.vector-index.qdrant.collection-prefix", PREFIX),
                Map.entry("reelrank.vector-index.qdrant.consumer-group-prefix", "it-" + RUN + "-"),
                Map.entry("reelrank.vector-index.qdrant.dimension", "3"),
                Map.entry("reelrank.vector-index.qdrant.timeout", "10s"),
                Map.entry("reelrank.ranking.enabled", "false"),
                Map.entry("reelrank.retrieval.model.enabled", "false"),
                Map.entry("reelrank.retrieval.served-version", VERSION_A),
                Map.entry("reelrank.retrieval.rollouts.enabled", String.valueOf(qdrantGiven())),
                Map.entry("reelrank.retrieval.rollouts.topic", TOPIC),
                Map.entry("reelrank.retrieval.rollouts.retire-grace", "5s"),
                Map.entry("reelrank.feed.popular-quota", "0"),
                Map.entry("reelrank.feed.explore-share", "0"),
                Map.entry("reelrank.sources.ann.enabled", "true"),
                Map.entry("reelrank.sources.ann.quota", "20"));
    }
}
