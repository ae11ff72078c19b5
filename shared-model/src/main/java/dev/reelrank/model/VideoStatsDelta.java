package dev.reelrank.model;

import dev.reelrank.proto.v1.Interaction;

/** Counter increments one interaction makes to its video's features. */
public record VideoStatsDelta(long impressions, long views, long clicks, double watchSeconds,
                              long likes, long dislikes, long shares, long skips, long notInterested) {

    public static final VideoStatsDelta NONE = new VideoStatsDelta(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static VideoStatsDelta of(Interaction e) {
        return switch (e.getAction()) {
            case impression -> new VideoStatsDelta(1, 0, 0, 0, 0, 0, 0, 0, 0);
            case click -> new VideoStatsDelta(0, 0, 1, 0, 0, 0, 0, 0, 0);
            case watch -> new VideoStatsDelta(0, 1, 0, Math.max(0, e.getWatchSeconds()), 0, 0, 0, 0, 0);
            case like -> new VideoStatsDelta(0, 0, 0, 0, 1, 0, 0, 0, 0);
            case dislike -> new VideoStatsDelta(0, 0, 0, 0, 0, 1, 0, 0, 0);
            case share -> new VideoStatsDelta(0, 0, 0, 0, 0, 0, 1, 0, 0);
            case skip -> new VideoStatsDelta(0, 0, 0, 0, 0, 0, 0, 1, 0);
            case not_interested -> new VideoStatsDelta(0, 0, 0, 0, 0, 0, 0, 0, 1);
            default -> NONE;
        };
    }

    /** The sum of two deltas (a batch's increments to one video add up before they are written). */
    public VideoStatsDelta plus(VideoStatsDelta o) {
        return new VideoStatsDelta(impressions + o.impressions, views + o.views, clicks + o.clicks, watchSeconds + o.watchSeconds,
                likes + o.likes, dislikes + o.dislikes, shares + o.shares, skips + o.skips, notInterested + o.notInterested);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
