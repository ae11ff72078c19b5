package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Comparator;
import java.util.List;

/** Orders candidates by their co-occurrence with the user's history ({@link ItemKnn}); scores are not probabilities. */
public final class ItemKnnRanker implements Ranker {
    public static final String VERSION = "baseline-item-knn";
    private final ItemKnn model;

    public ItemKnnRanker(ItemKnn model) {
        this.model = model;
    }

    @Override
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        int[] history = model.history(user);
        var scored = candidates.stream().map(c -> {
            int v = model.data.videos.find(c.videoId());
            return c.withScore(v < 0 || history.length == 0 ? 0 : model.score(history, v));
        }).sorted(Comparator.comparingDouble(Candidate::score).reversed()).toList();
        return new Ranking(VERSION, scored);
    }
}
