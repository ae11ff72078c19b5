package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the slate in the order it was logged: what the user saw, i.e. the order retrieval (the
 * logging policy) produced. The reference a learned ranker must beat on NDCG; on data whose slates
 * have no real order (each user's test rows, e.g. KuaiRec) it is file order and means little.
 */
public final class LoggedOrderRanker implements Ranker {
    public static final String VERSION = "logged-order";

    @Override
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        var out = new ArrayList<Candidate>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) out.add(candidates.get(i).withScore(candidates.size() - i));
        return new Ranking(VERSION, out);
    }
}
