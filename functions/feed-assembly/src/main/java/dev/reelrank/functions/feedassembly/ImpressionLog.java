package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedRequest;

/** Where served lists are logged as impressions; must return at once and never throw into the answer. */
interface ImpressionLog {
    void served(FeedRequest request, Feed feed);

    /** {@code reelrank.feed.log-impressions=false}. */
    ImpressionLog OFF = (request, feed) -> {};
}
