package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;

/** One post-ranking step (filtering, diversity, exploration); receives and returns best-first lists. */
public interface PostProcessor {
    /** A list ordered by comparable scores (a ranker's, or a popularity list's). */
    List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> ranked);

    /**
     * @param ranked whether a ranker ordered the list: only then are the candidates' scores on one
     *               scale; otherwise the list is the retrieval merge, ordered by position only, and
     *               its scores are the sources' own (not comparable with one another). Steps that
     *               weigh scores override this; the others need not care.
     */
    default List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> candidates, boolean ranked) {
        return apply(request, user, candidates);
    }
}
