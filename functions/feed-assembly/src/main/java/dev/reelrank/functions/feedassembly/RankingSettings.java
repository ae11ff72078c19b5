package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.RankingDepth;
import dev.reelrank.ranking.ScoreCombiner;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** How feed-assembly calls re-ranking; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.ranking")
public interface RankingSettings {
    /** false serves feeds in retrieval order without calling re-ranking. */
    @WithDefault("true")
    boolean enabled();

    /** gRPC deadline of one Rank call; past it the feed keeps retrieval order. */
    @WithDefault("80ms")
    Duration timeout();

    /**
     * How long an abandoned Rank call may run on before it is cancelled (its gRPC deadline). Waiting
     * ends at {@link #timeout()}; cancelling every late call would reset HTTP/2 streams by the
     * hundred (see GrpcRanker), so only calls this late are.
     */
    @WithDefault("2s")
    Duration abandonAfter();

    /**
     * Longest wait between attempts to reconnect to a lost re-ranking (the gRPC channel's own backoff
     * grows to 2 min); 0 leaves the channel's backoff alone. See {@link RankingReconnect}.
     */
    @WithDefault("1s")
    Duration reconnectInterval();

    /** Candidates sent to one Rank call at most (re-ranking's reelrank.ranking.max-candidates); the rest of the merge is dropped. */
    @WithDefault("1000")
    int maxCandidates();

    /**
     * Send each candidate's two-tower similarity of the request's retrieval version with the Rank call
     * (the ranking feature x_similarity; one batch vector read from the version's index per feed).
     * false: none is sent, and a model trained with the feature scores every candidate as "unknown"
     * (re-ranking logs a warning). Off by default: no shipped ranking model reads the feature.
     */
    @WithDefault("false")
    boolean twoTowerSimilarity();

    /** Weight of each objective in the combined score; objectives not listed count 0. */
    Map<String, Double> weights();

    /** sum: Σ weight × score; product: Π score^weight (click × watch_seconds = expected watch time). */
    @WithDefault("sum")
    ScoreCombiner.Mode combine();

    /**
     * Places of the retrieval order within which a learned ranker may reorder (0: retrieval order, -1:
     * the ranker's order alone; the fallback rule heuristic-v0 is held to 3); see {@link ScoreCombiner}.
     */
    @WithDefault("" + ScoreCombiner.LEARNED_RETRIEVAL_WINDOW)
    int retrievalWindow();

    /**
     * Places of the merge ranked per item of the page beyond the retrieval window (a page of 20 at window
     * 300: the first 400 unseen candidates); -1 ranks every candidate. See {@link RankingDepth}.
     */
    @WithDefault("" + RankingDepth.DEFAULT_PER_ITEM)
    int depthPerItem();

    default ScoreCombiner combiner() {
        return new ScoreCombiner(weights(), combine(), retrievalWindow());
    }
}
