package dev.reelrank.functions.feedassembly;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Feeds in retrieval order: what feed-assembly serves with ranking switched off, and without MMR,
 * channel spread or exploration, so the tests that use it can pin the popularity order after
 * filtering and the channel cap. {@link DiversityIT} serves the defaults.
 */
public class RankingOffProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("reelrank.ranking.enabled", "false", "reelrank.feed.mmr-lambda", "1", "reelrank.feed.channel-spread-penalty", "0",
                "reelrank.feed.explore-share", "0");
    }
}
