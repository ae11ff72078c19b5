package dev.reelrank.ranking;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.Ranker;
import dev.reelrank.proto.v1.RankResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the per-objective scores of a {@link RankResponse} into one score per candidate (a
 * weighted sum) and orders the candidates by it. Objectives the weights do not name count 0,
 * so a new model output changes nothing until someone weighs it. A response that does not
 * match the request is rejected: serving scores of the wrong videos would be worse than
 * keeping the retrieval order.
 */
public record ScoreCombiner(Map<String, Double> weights) {
    public ScoreCombiner {
        weights = Map.copyOf(weights);
    }

    public Ranker.Ranking combine(List<Candidate> candidates, RankResponse response) {
        var objectives = response.getObjectivesList();
        double[] w = new double[objectives.size()];
        boolean anyWeighted = false;
        for (int j = 0; j < w.length; j++) {
            w[j] = weights.getOrDefault(objectives.get(j), 0.0);
            anyWeighted |= w[j] != 0;
        }
        if (!anyWeighted) {
            throw new IllegalStateException("no configured weight for any objective of " + objectives);
        }
        if (response.getScoresCount() != candidates.size()) {
            throw new IllegalStateException("ranker scored " + response.getScoresCount() + " of "
                    + candidates.size() + " candidates");
        }
        var scored = new ArrayList<Candidate>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            var c = candidates.get(i);
            var s = response.getScores(i);
            if (!s.getVideoId().equals(c.videoId()) || s.getScoresCount() != w.length) {
                throw new IllegalStateException("ranker answer " + i + " does not match candidate " + c.videoId());
            }
            double sum = 0;
            for (int j = 0; j < w.length; j++) sum += w[j] * s.getScores(j);
            scored.add(c.withScore(sum));
        }
        // Stable sort: equal scores keep the retrieval order.
        scored.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return new Ranker.Ranking(response.getModelVersion(), scored);
    }
}
