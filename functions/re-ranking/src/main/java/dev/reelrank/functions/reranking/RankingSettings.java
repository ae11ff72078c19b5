package dev.reelrank.functions.reranking;

import dev.reelrank.ranking.HeuristicScorer;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tunables of the ranking RPC; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.ranking")
public interface RankingSettings {
    /** Larger requests are refused with INVALID_ARGUMENT (the proto promises up to 1,000). */
    @WithDefault("1000")
    int maxCandidates();

    Heuristic heuristic();

    /** Parameters of {@link HeuristicScorer}; see {@link HeuristicScorer.Params}. */
    interface Heuristic {
        @WithDefault("1")
        double clickPriorClicks();

        @WithDefault("20")
        double clickPriorImpressions();

        @WithDefault("30")
        double watchPriorSeconds();

        @WithDefault("1")
        double watchPriorViews();

        @WithDefault("120")
        double watchHalfSeconds();

        @WithDefault("0.1")
        double affinityBonus();

        @WithDefault("5")
        double affinityHalf();

        default HeuristicScorer.Params params() {
            return new HeuristicScorer.Params(clickPriorClicks(), clickPriorImpressions(), watchPriorSeconds(),
                    watchPriorViews(), watchHalfSeconds(), affinityBonus(), affinityHalf());
        }
    }
}
