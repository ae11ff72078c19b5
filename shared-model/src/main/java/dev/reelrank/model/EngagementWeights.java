package dev.reelrank.model;

import dev.reelrank.proto.v1.Interaction;

/**
 * How much one interaction adds to a video's popularity and to a user's affinity for its
 * channel and category. Negative feedback subtracts. Every weight is tunable; the defaults
 * make a full-minute watch worth about as much as a like.
 *
 * @param watchSecondsCap watch time beyond this many seconds adds nothing more (replays and
 *                        background tabs should not dominate)
 */
public record EngagementWeights(double click, double watchBase, double watchPerMinute, double watchSecondsCap,
                                double like, double share, double subscribe, double skip, double dislike,
                                double notInterested) {

    public static final EngagementWeights DEFAULTS =
            new EngagementWeights(1.0, 0.5, 1.0, 600, 2.0, 3.0, 2.0, -0.5, -2.0, -4.0);

    public double of(Interaction e) {
        return switch (e.getAction()) {
            case click -> click;
            case watch -> watchBase + watchPerMinute * Math.min(Math.max(0, e.getWatchSeconds()), watchSecondsCap) / 60.0;
            case like -> like;
            case share -> share;
            case subscribe -> subscribe;
            case skip -> skip;
            case dislike -> dislike;
            case not_interested -> notInterested;
            default -> 0.0;
        };
    }
}
