package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * How much of a feed's merge the ranker scores. A ranker held to a retrieval window lets a candidate
 * overtake only candidates fewer than {@code window} places ahead of it, so one more than
 * {@code window + limit} places down cannot reach the page; post-processing (the channel cap, MMR,
 * exploration's pool just below the page) reaches somewhat deeper, hence {@code perItem} places per
 * item of the page rather than one. Each candidate costs the ranker a feature read and a row of the
 * model, and at a large catalogue most are cold reads: a Home feed merges ~1,000 candidates, of which
 * the first ~400 can matter to a page of 20.
 *
 * <p>What the user has watched or refused is dropped before the count ({@link SeenFilter}, which
 * post-processing applies anyway), so the ranker is never asked about a video that cannot be served.
 * The candidates past the depth follow the ranked ones in merge order.
 *
 * @param window  the configured retrieval window; negative (the ranker's order alone) ranks everything
 * @param perItem places of the merge ranked per item of the page beyond the window; negative ranks everything
 */
public record RankingDepth(int window, int perItem) {
    /** Every candidate ranked, as before depths: the window alone bounds the reordering. */
    public static final RankingDepth ALL = new RankingDepth(-1, -1);
    /**
     * Places per item of the page (EVALUATION.md, "Ranking depth"): with the window at 300 a Home feed of
     * 20 ranks its first 400 unseen candidates.
     */
    public static final int DEFAULT_PER_ITEM = 5;

    private static final SeenFilter SEEN = new SeenFilter();

    /** Candidates ranked for a page of {@code limit}; {@link Integer#MAX_VALUE} for all. */
    public int of(int limit) {
        if (window < 0 || perItem < 0) return Integer.MAX_VALUE;
        long depth = window + (long) perItem * limit;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(limit, depth));
    }

    /** {@code ranker} asked about the unseen candidates down to this depth, the rest appended in merge order. */
    public Ranker bound(Ranker ranker) {
        if (of(1) == Integer.MAX_VALUE) return ranker;
        return (request, user, candidates) -> rankHead(ranker, request, user, candidates);
    }

    private Ranker.Ranking rankHead(Ranker ranker, FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        List<Candidate> unseen = SEEN.apply(request, user, candidates);
        int depth = of(request.limit());
        if (unseen.size() <= depth) return ranker.rank(request, user, unseen);
        var ranking = ranker.rank(request, user, unseen.subList(0, depth));
        var all = new ArrayList<Candidate>(unseen.size());
        all.addAll(ranking.candidates());
        all.addAll(unseen.subList(depth, unseen.size()));
        return new Ranker.Ranking(ranking.modelVersion(), all);
    }
}
