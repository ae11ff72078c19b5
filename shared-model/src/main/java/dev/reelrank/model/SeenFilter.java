package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.HashSet;
import java.util.List;

/**
 * Drops videos the user has already watched, marked "not interested", or that belong to a
 * channel the user asked not to see; also the seed video of an Up Next list and the videos the
 * request excludes (the client shows them already). The last guard of every path, the cached
 * popular lists included.
 */
public final class SeenFilter implements PostProcessor {
    @Override
    public List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> ranked) {
        var videos = new HashSet<String>(user.getWatchedVideoIdsList());
        videos.addAll(user.getNotInterestedVideoIdsList());
        if (request.seedVideoId() != null) videos.add(request.seedVideoId());
        videos.addAll(request.filter().excludedVideoIds());
        var channels = new HashSet<>(user.getNotInterestedChannelIdsList());
        return ranked.stream()
                .filter(c -> !videos.contains(c.videoId()))
                .filter(c -> c.channelId() == null || !channels.contains(c.channelId()))
                .toList();
    }
}
