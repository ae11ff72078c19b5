package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Optional;

/**
 * One way of proposing videos (personalized ANN, trending in region, subscriptions, fresh
 * uploads, popularity...). Implementations must be safe to call from several threads and
 * should return at most {@code quota} candidates, best first.
 */
public interface CandidateSource {
    /** Short stable name; appears as an item's {@code source} in feed responses. */
    String name();

    /** @param user the user's online features; {@link UserFeatures#getDefaultInstance()} for an unknown user */
    List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota);

    /**
     * The model version this source answers {@code request} with, for a source bound to one (the
     * two-tower retrieval model's {@code ann} and {@code up_next}); empty, the default, for the others.
     * A feed served in retrieval order names it as its {@code modelVersion} when this source proposed
     * candidates (see {@link FeedAssembler}).
     */
    default Optional<String> modelVersion(FeedRequest request) {
        return Optional.empty();
    }
}
