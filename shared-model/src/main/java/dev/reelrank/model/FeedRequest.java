package dev.reelrank.model;

import dev.reelrank.proto.v1.Surface;
import java.util.Objects;

/**
 * One request for a list of videos: a Home feed ({@code seedVideoId == null}) or an Up Next
 * list for the video being watched. {@code filter} is what the client asked to leave out
 * ({@link FeedFilter#NONE}: nothing).
 */
public record FeedRequest(String requestId, String userId, Surface surface, String seedVideoId,
                          int limit, RequestContext context, FeedFilter filter) {
    public FeedRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(surface, "surface");
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        if (context == null) context = RequestContext.UNKNOWN;
        if (filter == null) filter = FeedFilter.NONE;
        if (surface == Surface.up_next && seedVideoId == null) {
            throw new IllegalArgumentException("an up_next request needs the seed video");
        }
    }

    /** A request without a filter. */
    public FeedRequest(String requestId, String userId, Surface surface, String seedVideoId, int limit,
                       RequestContext context) {
        this(requestId, userId, surface, seedVideoId, limit, context, FeedFilter.NONE);
    }

    public static FeedRequest home(String requestId, String userId, int limit, RequestContext context) {
        return new FeedRequest(requestId, userId, Surface.home, null, limit, context);
    }

    public static FeedRequest upNext(String requestId, String userId, String videoId, int limit,
                                     RequestContext context) {
        return new FeedRequest(requestId, userId, Surface.up_next, videoId, limit, context);
    }

    /** The same request in another context (e.g. the home region filled in). */
    public FeedRequest withContext(RequestContext context) {
        return new FeedRequest(requestId, userId, surface, seedVideoId, limit, context, filter);
    }

    /** The same request, leaving out what {@code filter} says. */
    public FeedRequest withFilter(FeedFilter filter) {
        return new FeedRequest(requestId, userId, surface, seedVideoId, limit, context, filter);
    }
}
