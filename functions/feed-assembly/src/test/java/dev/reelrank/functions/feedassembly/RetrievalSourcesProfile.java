package dev.reelrank.functions.feedassembly;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * Every candidate source on, small quotas, popularity off, ranking off (retrieval order), MMR by
 * embeddings off (ann-near and ann-mid are near-duplicates on purpose, which MMR would pull apart). The
 * served version is unique to this run, so the index holds only the vectors the test publishes
 * (and no model is loaded: users need a stored embedding of that version).
 */
public class RetrievalSourcesProfile implements QuarkusTestProfile {
    static final String VERSION = "fa-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("reelrank.ranking.enabled", "false"),
                Map.entry("reelrank.feed.mmr-lambda", "1"),
                Map.entry("reelrank.retrieval.served-version", VERSION),
                Map.entry("reelrank.retrieval.index-dir", "target/index-it"),
                Map.entry("reelrank.retrieval.index-refresh-interval", "100ms"),
                Map.entry("reelrank.feed.popular-quota", "0"),
                Map.entry("reelrank.sources.ann.enabled", "true"),
                Map.entry("reelrank.sources.ann.quota", "2"),
                Map.entry("reelrank.sources.up-next.enabled", "true"),
                Map.entry("reelrank.sources.subscriptions.enabled", "true"),
                Map.entry("reelrank.sources.subscriptions.quota", "2"),
                Map.entry("reelrank.sources.trending.enabled", "true"),
                Map.entry("reelrank.sources.trending.quota", "1"),
                Map.entry("reelrank.sources.fresh.enabled", "true"),
                Map.entry("reelrank.sources.fresh.quota", "1"));
    }
}
