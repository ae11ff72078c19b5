package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Comparator;
import java.util.List;

/** Orders candidates by training popularity (engagement-weighted); scores are not probabilities. */
public final class PopularityRanker implements Ranker {
    public static final String VERSION = "baseline-popularity";
    private final TrainingData train;

    public PopularityRanker(TrainingData train) {
        this.train = train;
    }

    @Override
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        var scored = candidates.stream().map(c -> {
            int v = train.data.videos.find(c.videoId());
            return c.withScore(v < 0 ? 0 : train.popularity(v));
        }).sorted(Comparator.comparingDouble(Candidate::score).reversed()).toList();
        return new Ranking(VERSION, scored);
    }
}
