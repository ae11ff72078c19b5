package dev.reelrank.model;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Objects;

/**
 * Why an item is in a feed, in a form a client can render ("Because you watched …", "Trending"):
 * a stable {@code code} and, for {@link #BECAUSE_YOU_WATCHED}, the video it refers to (null when
 * there is none to name). Derived from the source that put the item in the feed, the one its
 * {@code source} names, so the two never disagree.
 *
 * @param code    one of the constants below
 * @param videoId the video the reason refers to, or null
 */
public record Reason(String code, String videoId) {
    /** Near a video the user watched: the Up Next seed, or for personal ANN the user's latest watch. */
    public static final String BECAUSE_YOU_WATCHED = "because_you_watched";
    /** Trending in the region the request or the user's profile names. */
    public static final String POPULAR_IN_REGION = "popular_in_region";
    public static final String NEW_FROM_SUBSCRIPTION = "new_from_subscription";
    /** Engaging people everywhere now: trending with no region known, and the global popular list. */
    public static final String TRENDING = "trending";
    /** A new upload matching the user's content profile. */
    public static final String FRESH = "fresh";
    /** Shown to learn about the user's taste rather than from it. */
    public static final String EXPLORE = "explore";
    /** A source this mapping does not know (an offline baseline, a source added later). */
    public static final String RECOMMENDED = "recommended";

    public Reason {
        Objects.requireNonNull(code, "code");
    }

    /**
     * The reasons of one request's items. Built once per feed: it reads the user's history once,
     * not once per item.
     */
    public static final class Rule {
        private final String seedVideoId;
        private final String lastWatched;
        private final boolean regionKnown;

        private Rule(String seedVideoId, String lastWatched, boolean regionKnown) {
            this.seedVideoId = seedVideoId;
            this.lastWatched = lastWatched;
            this.regionKnown = regionKnown;
        }

        /** @param user the features the feed was assembled with; the default instance for an unknown user */
        public static Rule of(FeedRequest request, UserFeatures user) {
            String region = request.context().region();
            // Trending reads the request's region, else the home region (TrendingSource): the same order here.
            boolean regionKnown = (region != null && !region.isBlank()) || !user.getHomeRegion().isBlank();
            return new Rule(request.surface() == Surface.up_next ? request.seedVideoId() : null, lastWatched(user), regionKnown);
        }

        public Reason of(Candidate c) {
            // Source names as stages/retrieval and PopularSource spell them (a test there keeps them in step).
            return switch (c.primarySource()) {
                case "up_next" -> new Reason(BECAUSE_YOU_WATCHED, seedVideoId);
                case "ann" -> new Reason(BECAUSE_YOU_WATCHED, lastWatched);
                case "subscriptions" -> new Reason(NEW_FROM_SUBSCRIPTION, null);
                case "trending" -> new Reason(regionKnown ? POPULAR_IN_REGION : TRENDING, null);
                case PopularSource.NAME -> new Reason(TRENDING, null);
                case "fresh" -> new Reason(FRESH, null);
                case "explore" -> new Reason(EXPLORE, null);
                default -> new Reason(RECOMMENDED, null);
            };
        }

        /**
         * The video the user watched last: the newest watch in the recent history, else the newest
         * of the watched ids (kept oldest first; they include clicks), else null.
         */
        static String lastWatched(UserFeatures user) {
            for (HistoryEntry h : user.getRecentList()) {
                if (h.getAction() == Action.watch && !h.getVideoId().isEmpty()) return h.getVideoId();
            }
            int n = user.getWatchedVideoIdsCount();
            return n == 0 ? null : user.getWatchedVideoIds(n - 1);
        }
    }
}
