package dev.reelrank.functions.reranking;

import dev.reelrank.ranking.CandidateScorer;
import dev.reelrank.ranking.HeuristicScorer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the model behind the RPC; the MMoE model will be selected here by configuration. */
public class ScorerProducer {
    @Produces
    @Singleton
    CandidateScorer scorer(RankingSettings config) {
        return new HeuristicScorer(config.heuristic().params());
    }
}
