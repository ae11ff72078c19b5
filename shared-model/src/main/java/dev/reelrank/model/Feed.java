package dev.reelrank.model;

import java.util.List;

/**
 * A served feed. {@code modelVersion} names the model (or rule) that ordered it: the ranker's, or
 * for a feed in retrieval order the retrieval model version of the version-bound sources that
 * proposed candidates, else the configured retrieval version (also the popular list's name);
 * {@code fallback} is true when a dependency failed and a degraded path answered, with
 * {@code fallbackReason} saying which. Item scores never increase down {@code items}: the ranker's
 * combined score when a ranker ordered the feed, else a position score ({@link FeedItem}).
 */
public record Feed(String requestId, String userId, String modelVersion, boolean fallback,
                   String fallbackReason, List<FeedItem> items) {
    public Feed {
        items = List.copyOf(items);
    }
}
