package dev.reelrank.functions.eventingestion;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.VideoPublished;
import java.util.Set;

/**
 * The business rules of the two payloads, beyond what their Protobuf types say. Every rule
 * names the JSON field it is about.
 */
final class PayloadRules {
    private PayloadRules() {}

    static void check(Interaction i, Set<String> present) {
        require(!i.getUserId().isBlank(), "userId", "userId is required");
        if (i.getAction() == Action.action_unspecified) {
            throw RejectedEventException.field("data.action", "action is required (e.g. \"watch\", \"click\", \"like\")");
        }
        boolean channelAction = i.getAction() == Action.subscribe || i.getAction() == Action.unsubscribe;
        if (channelAction) {
            require(!i.getChannelId().isBlank(), "channelId", "channelId is required for action " + i.getAction());
        } else {
            require(!i.getVideoId().isBlank(), "videoId", "videoId is required for action " + i.getAction());
        }
        if (i.getAction() == Action.watch) {
            require(present.contains("watchSeconds"), "watchSeconds", "watchSeconds is required for action watch");
        }
        double w = i.getWatchSeconds();
        require(Double.isFinite(w) && w >= 0, "watchSeconds", "watchSeconds must be a finite number >= 0, got " + w);
        if (i.getAction() == Action.not_interested && i.getTarget() == NotInterestedTarget.channel) {
            require(!i.getChannelId().isBlank(), "channelId", "channelId is required for not_interested with target channel");
        }
        require(i.getPosition() >= 0, "position", "position must be >= 0, got " + i.getPosition());
    }

    static void check(VideoPublished v) {
        require(!v.getVideoId().isBlank(), "videoId", "videoId is required");
        require(!v.getChannelId().isBlank(), "channelId", "channelId is required");
        require(v.getDurationSeconds() >= 0, "durationSeconds", "durationSeconds must be >= 0, got " + v.getDurationSeconds());
    }

    private static void require(boolean ok, String field, String detail) {
        if (!ok) throw RejectedEventException.field("data." + field, detail);
    }
}
