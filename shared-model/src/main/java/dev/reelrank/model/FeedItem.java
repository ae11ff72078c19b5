package dev.reelrank.model;

/** One entry of a served feed, in the JSON shape clients see. */
public record FeedItem(String videoId, String channelId, double score, String source) {
    public static FeedItem of(Candidate c) {
        return new FeedItem(c.videoId(), c.channelId(), c.score(), c.primarySource());
    }
}
