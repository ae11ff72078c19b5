package dev.reelrank.functions.feedassembly;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Ranking off (retrieval order), post-processing as shipped: MMR with channel spread, the cap, exploration. */
public class DiversityProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("reelrank.ranking.enabled", "false");
    }
}
