package dev.reelrank.ranking;

import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.List;

/**
 * The ranking model behind {@code RankingService.Rank}. Today a transparent rule
 * ({@link HeuristicScorer}); the MMoE model replaces it behind this interface, so the gRPC
 * binding and the feature reads stay as they are.
 */
public interface CandidateScorer {
    /** Reported as {@code RankResponse.model_version}. */
    String modelVersion();

    /** Objective names, in the order of every row {@link #score} returns. */
    List<String> objectives();

    /**
     * @param videos one entry per candidate, in request order; {@code null} where the feature
     *               store does not know the video (a new upload), so the scorer uses its priors
     * @return one row per candidate (request order), one column per objective
     */
    float[][] score(UserFeatures user, List<VideoFeatures> videos, RankContext context);
}
