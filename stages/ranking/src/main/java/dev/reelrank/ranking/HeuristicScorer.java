package dev.reelrank.ranking;

import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.List;

/**
 * Rule-based stand-in for the learned ranker, kept deliberately readable:
 * <ul>
 *   <li>{@code click} = smoothed CTR {@code (clicks + a) / (impressions + b)}: a video with no
 *       impressions scores the prior {@code a / b}, and a handful of lucky clicks cannot beat a
 *       well-measured video;</li>
 *   <li>{@code watch_time} = expected watch seconds per view {@code (watchSeconds + c) / (views + d)},
 *       squashed to [0, 1) by {@code x / (x + watchHalfSeconds)} so it is comparable with a CTR;</li>
 *   <li>both plus a bonus in (-affinityBonus, +affinityBonus) for the user's affinity to the
 *       video's channel and category (negative feedback makes it a malus).</li>
 * </ul>
 * Pure and thread-safe.
 */
public record HeuristicScorer(Params params) implements CandidateScorer {
    public static final String MODEL_VERSION = "heuristic-v0";
    public static final List<String> OBJECTIVES = List.of("click", "watch_time");

    /**
     * @param clickPriorClicks      a: pseudo-clicks added to every video
     * @param clickPriorImpressions b: pseudo-impressions added to every video (prior CTR = a / b)
     * @param watchPriorSeconds     c: pseudo watch seconds added to every video
     * @param watchPriorViews       d: pseudo views added to every video (prior = c / d seconds per view)
     * @param watchHalfSeconds      expected seconds per view that maps to a watch_time score of 0.5
     * @param affinityBonus         largest bonus (or malus) user affinity can add to each objective
     * @param affinityHalf          summed affinity that earns half of the bonus
     */
    public record Params(double clickPriorClicks, double clickPriorImpressions, double watchPriorSeconds,
                         double watchPriorViews, double watchHalfSeconds, double affinityBonus, double affinityHalf) {
        /** re-ranking's defaults (reelrank.ranking.heuristic.*): a 5 % prior CTR, 30 s per view, half score at 120 s. */
        public static final Params DEFAULTS = new Params(1, 20, 30, 1, 120, 0.1, 5);

        public Params {
            if (clickPriorImpressions <= 0) throw new IllegalArgumentException("clickPriorImpressions must be > 0");
            if (watchPriorViews <= 0) throw new IllegalArgumentException("watchPriorViews must be > 0");
            if (watchHalfSeconds <= 0) throw new IllegalArgumentException("watchHalfSeconds must be > 0");
            if (affinityHalf <= 0) throw new IllegalArgumentException("affinityHalf must be > 0");
            if (clickPriorClicks < 0 || watchPriorSeconds < 0 || affinityBonus < 0) {
                throw new IllegalArgumentException("priors and bonus must be >= 0");
            }
        }
    }

    @Override
    public String modelVersion() {
        return MODEL_VERSION;
    }

    @Override
    public List<String> objectives() {
        return OBJECTIVES;
    }

    @Override
    public float[][] score(UserFeatures user, List<VideoFeatures> videos, RankContext context) {
        var rows = new float[videos.size()][];
        for (int i = 0; i < rows.length; i++) {
            VideoFeatures v = videos.get(i);
            if (v == null) v = VideoFeatures.getDefaultInstance();
            double bonus = affinityBonus(user, v);
            rows[i] = new float[] {(float) (click(v) + bonus), (float) (watchTime(v) + bonus)};
        }
        return rows;
    }

    double click(VideoFeatures v) {
        return (Math.max(0, v.getClicks()) + params.clickPriorClicks())
                / (Math.max(0, v.getImpressions()) + params.clickPriorImpressions());
    }

    double watchTime(VideoFeatures v) {
        double perView = (Math.max(0, v.getWatchSeconds()) + params.watchPriorSeconds())
                / (Math.max(0, v.getViews()) + params.watchPriorViews());
        return perView / (perView + params.watchHalfSeconds());
    }

    double affinityBonus(UserFeatures user, VideoFeatures v) {
        double a = 0;
        if (!v.getChannelId().isEmpty()) a += user.getChannelAffinityOrDefault(v.getChannelId(), 0);
        if (!v.getCategory().isEmpty()) a += user.getCategoryAffinityOrDefault(v.getCategory(), 0);
        return params.affinityBonus() * a / (Math.abs(a) + params.affinityHalf());
    }
}
