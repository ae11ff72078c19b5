package dev.reelrank.ranking;

import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranking model behind {@code RankingService.Rank} and the in-process {@link StageRanker}:
 * {@link HeuristicScorer} (the rule {@code heuristic-v0}, the explicit fallback) or
 * {@link ModelScorer} over a learned {@code RankingModel}. The gRPC binding, the feature reads and
 * the combination stay the same whichever it is.
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

    /**
     * The whole request: what callers use. A scorer that needs more than the features (the ids of
     * unknown videos, the request time, similarities) overrides this; the default drops the rest.
     */
    default float[][] score(Request request) {
        return score(request.user(), request.videos(), request.context());
    }

    /**
     * @param videoIds     the candidates' ids, request order
     * @param videos       their features, same order; null entries for unknown videos
     * @param similarities the served retrieval version's two-tower similarity per candidate
     *                     ({@link RankingFeatures#NO_SIMILARITY} where unknown), or null for none
     * @param nowMillis    the time the request is scored at (feature ages and recencies are relative to it)
     */
    record Request(UserFeatures user, List<String> videoIds, List<VideoFeatures> videos, RankContext context,
                   float[] similarities, long nowMillis) {
        public Request {
            if (videoIds.size() != videos.size()) {
                throw new IllegalArgumentException(videoIds.size() + " ids for " + videos.size() + " feature entries");
            }
            if (similarities != null && similarities.length != videos.size()) {
                throw new IllegalArgumentException(similarities.length + " similarities for " + videos.size() + " candidates");
            }
        }

        /** From features alone (ids read from the features; "" for unknown videos), scored now. */
        public static Request of(UserFeatures user, List<VideoFeatures> videos, RankContext context) {
            var ids = new ArrayList<String>(videos.size());
            for (VideoFeatures v : videos) ids.add(v == null ? "" : v.getVideoId());
            return new Request(user, ids, videos, context, null, System.currentTimeMillis());
        }

        public float similarity(int i) {
            return similarities == null ? RankingFeatures.NO_SIMILARITY : similarities[i];
        }
    }
}
