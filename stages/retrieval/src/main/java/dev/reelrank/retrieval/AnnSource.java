package dev.reelrank.retrieval;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Personalized retrieval: the user's embedding → the {@code quota} nearest videos of the index
 * (inner product). Nothing when the user has no embedding of the index's model version.
 *
 * @see UserEmbeddings for how the version is kept consistent
 */
public final class AnnSource implements CandidateSource {
    public static final String NAME = "ann";

    private final UserEmbeddings embeddings;
    private final NearestCandidates nearest;

    /**
     * @param index        an index holding vectors of {@code embeddings.servedVersion()} only
     * @param overfetchCap extra neighbours asked for to make up for watched / not-interested videos
     */
    public AnnSource(VectorIndex index, UserEmbeddings embeddings, int overfetchCap) {
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.nearest = new NearestCandidates(index, overfetchCap, NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        if (quota <= 0) return List.of();
        Optional<float[]> query = embeddings.of(user, request.context());
        if (query.isEmpty()) return List.of();
        return nearest.search(query.get(), request, user, quota, null);
    }
}
