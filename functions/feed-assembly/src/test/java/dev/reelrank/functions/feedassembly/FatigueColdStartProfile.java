package dev.reelrank.functions.feedassembly;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Retrieval order without MMR, channel spread or exploration (as {@link RankingOffProfile}), with
 * trending on: a warm user's trending quota is 1, so the popular list this run heads fills the
 * page, while a cold user gets the cold-start quotas (trending first).
 */
public class FatigueColdStartProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("reelrank.ranking.enabled", "false", "reelrank.feed.mmr-lambda", "1", "reelrank.feed.channel-spread-penalty", "0",
                "reelrank.feed.explore-share", "0", "reelrank.sources.trending.enabled", "true", "reelrank.sources.trending.quota", "1");
    }
}
