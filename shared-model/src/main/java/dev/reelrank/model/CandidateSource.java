package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;

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
}
