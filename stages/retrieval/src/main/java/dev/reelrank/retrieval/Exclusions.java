package dev.reelrank.retrieval;

import dev.reelrank.model.FeedRequest;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.HashSet;
import java.util.Set;

/**
 * What a source should not spend its quota on: videos the user watched or marked not
 * interested, channels they asked not to see, and the videos the request excludes (the client
 * shows them already). The feed's post-processing filters these again; filtering here keeps a
 * source's quota for videos that can actually be shown.
 */
record Exclusions(Set<String> videos, Set<String> channels) {

    static Exclusions of(FeedRequest request, UserFeatures user) {
        var videos = new HashSet<String>(user.getWatchedVideoIdsList());
        videos.addAll(user.getNotInterestedVideoIdsList());
        videos.addAll(request.filter().excludedVideoIds());
        return new Exclusions(videos, new HashSet<>(user.getNotInterestedChannelIdsList()));
    }

    boolean video(String videoId) {
        return videos.contains(videoId);
    }

    boolean channel(String channelId) {
        return channelId != null && channels.contains(channelId);
    }

    /** How many extra results to ask for so that a quota survives the exclusions: at most {@code cap}. */
    int overfetch(int cap) {
        return Math.min(videos.size(), Math.max(0, cap));
    }
}
