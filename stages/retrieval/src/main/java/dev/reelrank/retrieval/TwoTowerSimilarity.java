package dev.reelrank.retrieval;

import dev.reelrank.model.RequestContext;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link CandidateSimilarity} of one two-tower version: the user's vector exactly as ANN queries
 * with it ({@link UserEmbeddings}: the stored embedding of the version, else the version's user
 * tower), dotted with each candidate's video vector of the same version. Serving reads the video
 * vectors from the version's index (which holds every candidate ANN could propose, and the other
 * sources' candidates as well once embedded); the evaluator and the ranker's training from the
 * version's video tower over the catalogue, which is what the index would hold.
 *
 * <p>Every candidate's vector is looked up, also ANN's own, whose retrieval score is the same dot
 * product: a merged candidate carries the best score of all its sources, not its ANN score, and one
 * batch lookup costs less than telling the two apart (see BENCHMARKS.md). Thread-safe when the
 * vector lookup is.
 */
public final class TwoTowerSimilarity implements CandidateSimilarity {
    private final UserEmbeddings users;
    private final Function<Collection<String>, Map<String, float[]>> videoVectors;

    /**
     * @param users        the version's user vectors
     * @param videoVectors the vectors of the version that it holds of the given ids (an id it lacks is absent)
     */
    public TwoTowerSimilarity(UserEmbeddings users, Function<Collection<String>, Map<String, float[]>> videoVectors) {
        this.users = Objects.requireNonNull(users, "users");
        this.videoVectors = Objects.requireNonNull(videoVectors, "videoVectors");
    }

    /** Over a version's index, as feed-assembly serves it ({@code index} must hold vectors of {@code users}' version only). */
    public static TwoTowerSimilarity over(UserEmbeddings users, VectorIndex index) {
        return new TwoTowerSimilarity(users, index::vectors);
    }

    @Override
    public String version() {
        return users.servedVersion();
    }

    @Override
    public Query query(UserFeatures user, RequestContext context) {
        Optional<float[]> u = users.of(user, context == null ? RequestContext.UNKNOWN : context);
        if (u.isEmpty()) return null;
        float[] q = u.get();
        return ids -> {
            Map<String, float[]> vectors = ids.isEmpty() ? Map.of() : videoVectors.apply(ids);
            float[] out = new float[ids.size()];
            for (int i = 0; i < out.length; i++) out[i] = CandidateSimilarity.dot(q, vectors.get(ids.get(i)));
            return out;
        };
    }
}
