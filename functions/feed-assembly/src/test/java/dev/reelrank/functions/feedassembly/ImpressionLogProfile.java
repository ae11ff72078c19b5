package dev.reelrank.functions.feedassembly;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Served impressions on (the test profile turns them off), two buckets, ranking off (retrieval order, no re-ranking needed). */
public class ImpressionLogProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "reelrank.feed.log-impressions", "true",
                "reelrank.ranking.enabled", "false",
                "reelrank.experiments.buckets.control.share", "50",
                "reelrank.experiments.buckets.no-explore.share", "50",
                "reelrank.experiments.buckets.no-explore.explore-share", "0");
    }
}
