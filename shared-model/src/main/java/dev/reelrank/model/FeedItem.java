package dev.reelrank.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a served feed, in the JSON shape clients see. {@code score} never increases down a
 * served list; what it means depends on what ordered the list (see {@link #ranked} and
 * {@link #byPosition}). The sources' own scores (ANN similarity, trending counts, popularity...) are
 * on scales that cannot be compared with one another, so they are never served. {@code reason} and
 * {@code reasonVideoId} explain the item ({@link Reason}).
 */
public record FeedItem(String videoId, String channelId, double score, String source, String reason,
                       String reasonVideoId) {
    public FeedItem {
        Objects.requireNonNull(reason, "reason");
    }

    /** The candidate with {@code score} (the caller decides what that score means), explained by {@code reasons}. */
    public static FeedItem of(Candidate c, double score, Reason.Rule reasons) {
        Reason r = reasons.of(c);
        return new FeedItem(c.videoId(), c.channelId(), score, c.primarySource(), r.code(), r.videoId());
    }

    /**
     * The first {@code limit} items of a list a ranker ordered, post-processed: each score is the
     * ranker's combined score, lowered to the score served just above it when the order puts the item
     * below a candidate the ranker scored lower (the ranker's retrieval window, diversity and the
     * channel cap can all do that). That is, {@code score_i = min(combined_j : j ≤ i, j not explored)}.
     *
     * <p>An item placed by exploration (source {@link ThompsonExploration#SOURCE}) was chosen from
     * below the page for what is unknown about it, not for its score: it serves the score served just
     * above it and does not lower the scores below it (first, which exploration never places it, it
     * counts as any other item).
     */
    public static List<FeedItem> ranked(List<Candidate> ordered, int limit, Reason.Rule reasons) {
        int n = Math.min(limit, ordered.size());
        var items = new ArrayList<FeedItem>(n);
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Candidate c = ordered.get(i);
            if (i > 0 && ThompsonExploration.SOURCE.equals(c.primarySource())) {
                items.add(of(c, previous, reasons));
                continue;
            }
            double score = c.score() > previous ? previous : c.score();
            items.add(of(c, score, reasons));
            previous = score;
        }
        return items;
    }

    /**
     * The first {@code limit} items of a list served in retrieval order (ranking off or failed, the
     * popular list), post-processed: each score is its position score {@code 1 − i/n}, where {@code i}
     * is the item's 0-based position in the post-processed list and {@code n} that list's length
     * (before the cut to {@code limit}, so a shorter page serves the same scores for the items it
     * shares). 1.0 for the first item, strictly decreasing, always above 0; {@code (n − i)/n} is the
     * share of the list's candidates at this place or below it.
     */
    public static List<FeedItem> byPosition(List<Candidate> ordered, int limit, Reason.Rule reasons) {
        int size = ordered.size();
        int n = Math.min(limit, size);
        var items = new ArrayList<FeedItem>(n);
        // (n − i)/n rather than 1 − i/n: the same number, one rounding instead of two.
        for (int i = 0; i < n; i++) items.add(of(ordered.get(i), (double) (size - i) / size, reasons));
        return items;
    }
}
