package dev.reelrank.model;

import java.util.List;

/**
 * A served feed. {@code modelVersion} names the model (or rule) that ordered it: the ranker's, or
 * for a feed in retrieval order the retrieval model version of the version-bound sources that
 * proposed candidates, else the configured retrieval version (also the popular list's name);
 * {@code fallback} is true when a dependency failed and a degraded path answered, with
 * {@code fallbackReason} saying which. Item scores never increase down {@code items}: the ranker's
 * combined score when a ranker ordered the feed, else a position score ({@link FeedItem}).
 * {@code bucket} is the experiment bucket whose pipeline served it ({@link BucketAssignment}); null
 * where no bucket applies (the offline evaluator's feeds). {@code context} is the request context
 * the feed was served with and where each value came from ({@link ServedContext}); null where none
 * was resolved (the offline evaluator's feeds).
 */
public record Feed(String requestId, String userId, String modelVersion, boolean fallback,
                   String fallbackReason, List<FeedItem> items, String bucket, ServedContext context) {
    public Feed {
        items = List.copyOf(items);
    }

    public Feed(String requestId, String userId, String modelVersion, boolean fallback, String fallbackReason,
                List<FeedItem> items, String bucket) {
        this(requestId, userId, modelVersion, fallback, fallbackReason, items, bucket, null);
    }

    /** A feed no experiment bucket served (yet): the pipeline's own answer, before routing names the bucket. */
    public Feed(String requestId, String userId, String modelVersion, boolean fallback, String fallbackReason, List<FeedItem> items) {
        this(requestId, userId, modelVersion, fallback, fallbackReason, items, null);
    }

    public Feed withBucket(String bucket) {
        return new Feed(requestId, userId, modelVersion, fallback, fallbackReason, items, bucket, context);
    }

    public Feed withContext(ServedContext context) {
        return new Feed(requestId, userId, modelVersion, fallback, fallbackReason, items, bucket, context);
    }
}
