package dev.reelrank.eventlog;

import com.google.protobuf.Message;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;

/** The CloudEvent types the product accepts, with their payload message and topic. */
public enum EventTypes {
    INTERACTION("video.interaction", Topics.INTERACTIONS, Interaction.getDefaultInstance()),
    VIDEO_PUBLISHED("video.published", Topics.VIDEOS, VideoPublished.getDefaultInstance());

    /** Content type of the Kafka record value: the payload message's Protobuf bytes. */
    public static final String PROTOBUF_CONTENT_TYPE = "application/protobuf";

    public final String type;
    public final String topic;
    public final Message prototype;

    EventTypes(String type, String topic, Message prototype) {
        this.type = type;
        this.topic = topic;
        this.prototype = prototype;
    }

    public static EventTypes ofType(String type) {
        for (EventTypes t : values()) if (t.type.equals(type)) return t;
        return null;
    }

    /** The Kafka key: userId for interactions (ordering per user), videoId for videos (compaction). */
    public String keyOf(Message payload) {
        return switch (this) {
            case INTERACTION -> ((Interaction) payload).getUserId();
            case VIDEO_PUBLISHED -> ((VideoPublished) payload).getVideoId();
        };
    }
}
