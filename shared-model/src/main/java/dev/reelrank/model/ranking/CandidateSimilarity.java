package dev.reelrank.model.ranking;

import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Arrays;
import java.util.List;

/**
 * The ranking feature "two-tower similarity of the served retrieval version": for each candidate,
 * the inner product of the user's and the video's unit vectors of one two-tower version, which is
 * the score ANN retrieves by (the towers end in an L2 normalization, so it is also their cosine).
 *
 * <p>One implementation (stages/retrieval's {@code TwoTowerSimilarity}) serves feed-assembly (which
 * sends the values in the Rank request), the evaluator's in-process ranking stage and the ranker's
 * training replay, so the feature cannot be computed one way in training and another in serving.
 * {@link #MISSING} marks a candidate without a value (no vector of that version for the user or for
 * the video); the feature assembly turns it into a neutral 0 with its "has similarity" flag off.
 */
public interface CandidateSimilarity {
    /** No value for this candidate. */
    float MISSING = Float.NaN;

    /** The retrieval model version whose vectors are compared. */
    String version();

    /**
     * The user's side for one request (one slate in training): the query vector is found once and
     * scored against any number of candidates.
     *
     * @return null when the user has no vector of {@link #version()} (then every candidate is {@link #MISSING})
     */
    Query query(UserFeatures user, RequestContext context);

    /** One request's user vector. */
    interface Query {
        /** One value per id, same order; {@link #MISSING} where the video has no vector of the version. */
        float[] scores(List<String> videoIds);
    }

    /** {@link #query} then its {@link Query#scores}: all {@link #MISSING} without a user vector. */
    default float[] of(UserFeatures user, RequestContext context, List<String> videoIds) {
        Query q = query(user, context);
        if (q != null) return q.scores(videoIds);
        float[] none = new float[videoIds.size()];
        Arrays.fill(none, MISSING);
        return none;
    }

    /**
     * The inner product of two vectors of the same length (the towers' unit vectors: their cosine);
     * {@link #MISSING} when either is null or the lengths differ (vectors of two versions never compare).
     */
    static float dot(float[] user, float[] video) {
        if (user == null || video == null || user.length != video.length) return MISSING;
        double s = 0;
        for (int i = 0; i < user.length; i++) s += (double) user[i] * video[i];
        return (float) s;
    }
}
