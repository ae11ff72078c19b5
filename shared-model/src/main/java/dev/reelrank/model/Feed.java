package dev.reelrank.model;

import java.util.List;

/**
 * A served feed. {@code modelVersion} names the model (or rule) that ordered it;
 * {@code fallback} is true when a dependency failed and a degraded path answered, with
 * {@code fallbackReason} saying which.
 */
public record Feed(String requestId, String userId, String modelVersion, boolean fallback,
                   String fallbackReason, List<FeedItem> items) {
    public Feed {
        items = List.copyOf(items);
    }
}
