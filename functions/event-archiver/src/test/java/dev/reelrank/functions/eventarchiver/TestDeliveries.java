package dev.reelrank.functions.eventarchiver;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/** Events and the HTTP requests a KafkaSource makes of them, for tests. */
final class TestDeliveries {
    private TestDeliveries() {}

    static final URI SOURCE = URI.create("/it/archiver-http");

    static LoggedEvent interaction(String id, String user, Instant when) {
        var i = Interaction.newBuilder().setUserId(user).setVideoId("v-" + id).setAction(Action.click)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(when.getEpochSecond())).build();
        return new LoggedEvent(id, SOURCE, EventTypes.INTERACTION, OffsetDateTime.ofInstant(when, ZoneOffset.UTC), i);
    }

    static LoggedEvent video(String id, Instant when) {
        var v = VideoPublished.newBuilder().setVideoId("v-" + id).setChannelId("c-1").addTags("cats").build();
        return new LoggedEvent(id, SOURCE, EventTypes.VIDEO_PUBLISHED, OffsetDateTime.ofInstant(when, ZoneOffset.UTC), v);
    }

    /**
     * The headers of a binary-mode HTTP CloudEvent, as a KafkaSource forwards a record of our topics
     * (embedding-refresh's IT sends the same set), plus the record key extension it adds.
     */
    static Map<String, String> ceHeaders(LoggedEvent e) {
        return Map.of("ce-specversion", "1.0", "ce-id", e.id(), "ce-source", e.source().toString(), "ce-type", e.type().type,
                "ce-time", e.time().toString(), "ce-partitionkey", e.key(), "Content-Type", "application/protobuf");
    }

    /** The same event in structured mode. */
    static String structured(LoggedEvent e) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + e.id() + "\",\"source\":\"" + e.source() + "\",\"type\":\"" + e.type().type
                + "\",\"time\":\"" + e.time() + "\",\"datacontenttype\":\"application/protobuf\",\"data_base64\":\""
                + Base64.getEncoder().encodeToString(e.payload().toByteArray()) + "\"}";
    }
}
