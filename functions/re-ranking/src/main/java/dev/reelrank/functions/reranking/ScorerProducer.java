package dev.reelrank.functions.reranking;

import dev.reelrank.ranking.CandidateScorer;
import dev.reelrank.ranking.HeuristicScorer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Chooses the model behind the RPC from the ranking stage. A learned model will be selected here by
 * configuration ({@code new ModelScorer(model)} over a loaded {@code RankingModel}); the heuristic stays
 * as the explicit fallback.
 */
public class ScorerProducer {
    @Produces
    @Singleton
    CandidateScorer scorer(RankingSettings config) {
        return new HeuristicScorer(config.heuristic().params());
    }
}
