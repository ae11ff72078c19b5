package dev.reelrank.functions.feedassembly;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Feeds in retrieval order: what feed-assembly serves with ranking switched off. */
public class RankingOffProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("reelrank.ranking.enabled", "false");
    }
}
