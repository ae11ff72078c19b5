package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Comparator;
import java.util.List;

/**
 * Non-personal ranking by each video's training label rate, shrunk toward the global rate:
 * p(v) = (positives(v) + strength × p0) / (trials(v) + strength). With impressions logged, a trial
 * is an impression and a positive a click (so p is a click-through rate); otherwise a trial is a
 * logged row and a positive a positive label. Scores are probabilities, so log-loss applies.
 *
 * @param strength pseudo-trials of the prior (how much evidence a video needs to move off p0)
 */
public final class VideoPriorRanker implements Ranker {
    public static final String VERSION = "baseline-video-prior";
    private final TrainingData train;
    private final double[] p;

    public VideoPriorRanker(TrainingData train, double strength) {
        this.train = train;
        boolean impressions = train.data.manifest.hasImpressions();
        int n = train.data.videoCount();
        long trials = 0, hits = 0;
        for (int v = 0; v < n; v++) {
            trials += impressions ? train.impressions(v) : train.labelled(v);
            hits += impressions ? train.clicks(v) : train.positives(v);
        }
        double p0 = trials == 0 ? 0.5 : (double) hits / trials;
        p = new double[n];
        for (int v = 0; v < n; v++) {
            double t = impressions ? train.impressions(v) : train.labelled(v);
            double h = impressions ? Math.min(train.clicks(v), train.impressions(v)) : train.positives(v);
            p[v] = (h + strength * p0) / (t + strength);
        }
    }

    @Override
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        var scored = candidates.stream().map(c -> {
            int v = train.data.videos.find(c.videoId());
            return c.withScore(v < 0 ? 0 : p[v]);
        }).sorted(Comparator.comparingDouble(Candidate::score).reversed()).toList();
        return new Ranking(VERSION, scored);
    }
}
