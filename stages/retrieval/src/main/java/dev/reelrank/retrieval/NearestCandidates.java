package dev.reelrank.retrieval;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Objects;

/**
 * The index search of the vector sources (ann, up_next): the {@code quota} nearest videos of a
 * query that the user may still be shown, as candidates of one source. It asks the index for up
 * to {@code overfetchCap} extra neighbours to make up for the videos the user watched or refused,
 * and lets the index apply the request's category and language (inside its graph search, so the
 * quota is filled with matching videos rather than cut down afterwards). A candidate carries the
 * channel of the index's payload, so the merge need not read its features to learn it.
 */
final class NearestCandidates {
    private final VectorIndex index;
    private final int overfetchCap;
    private final String source;

    NearestCandidates(VectorIndex index, int overfetchCap, String source) {
        this.index = Objects.requireNonNull(index, "index");
        if (overfetchCap < 0) throw new IllegalArgumentException("overfetchCap must be >= 0");
        this.overfetchCap = overfetchCap;
        this.source = Objects.requireNonNull(source, "source");
    }

    /** @param skip a video never to propose (Up Next's seed, which is its own nearest neighbour), or null */
    List<Candidate> search(float[] query, FeedRequest request, UserFeatures user, int quota, String skip) {
        var exclusions = Exclusions.of(request, user);
        int skipped = skip == null ? 0 : 1;
        return index.search(query, quota + skipped + exclusions.overfetch(overfetchCap), request.filter().indexFilter()).stream()
                .filter(n -> !n.videoId().equals(skip) && !exclusions.video(n.videoId()))
                .limit(quota)
                .map(n -> Candidate.of(n.videoId(), n.channelId(), n.score(), source))
                .toList();
    }
}
