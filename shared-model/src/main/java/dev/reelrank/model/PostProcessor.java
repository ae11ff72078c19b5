package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;

/** One post-ranking step (filtering, diversity, exploration); receives and returns best-first lists. */
public interface PostProcessor {
    List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> ranked);
}
