package dev.reelrank.eventarchive;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.VideoPublished;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Events as ingestion would have put them on Kafka, with recognisable user ids. */
final class TestEvents {
    static final URI SOURCE = URI.create("//reelrank.test/archiver");
    static final Action[] ACTIONS = {Action.impression, Action.click, Action.watch, Action.like, Action.skip};

    private TestEvents() {}

    static byte[] key(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }

    static String userId(String run, int user) {
        return "user-" + run + "-" + user;
    }

    static LoggedEvent interaction(String run, int n, int users, Instant when) {
        Action action = ACTIONS[n % ACTIONS.length];
        var i = Interaction.newBuilder()
                .setUserId(userId(run, n % users))
                .setVideoId("vid-" + (n % 997))
                .setAction(action)
                .setWatchSeconds(action == Action.watch ? 5 + n % 300 : 0)
                .setSurface(n % 2 == 0 ? Surface.home : Surface.up_next)
                .setPosition(n % 20)
                .setRequestId("req-" + (n / 20))
                .setOccurredAt(ts(when))
                .setDevice(n % 3 == 0 ? "mobile" : "web")
                .setRegion("PT")
                .build();
        return new LoggedEvent(UUID.nameUUIDFromBytes((run + "/i/" + n).getBytes(StandardCharsets.UTF_8)).toString(),
                SOURCE, EventTypes.INTERACTION, OffsetDateTime.ofInstant(when, ZoneOffset.UTC), i);
    }

    static LoggedEvent video(String run, int n, Instant when) {
        var v = VideoPublished.newBuilder()
                .setVideoId("vid-" + run + "-" + n)
                .setChannelId("ch-" + (n % 50))
                .setTitle("Title typed by a creator " + n)
                .setDescription("Free text that must not be archived " + n)
                .addTags("music").addTags("live")
                .setCategory("music")
                .setLanguage("pt-BR")
                .setDurationSeconds(60 + n)
                .setPublishedAt(ts(when))
                .setRegion("BR")
                .build();
        return new LoggedEvent(UUID.nameUUIDFromBytes((run + "/v/" + n).getBytes(StandardCharsets.UTF_8)).toString(),
                SOURCE, EventTypes.VIDEO_PUBLISHED, OffsetDateTime.ofInstant(when, ZoneOffset.UTC), v);
    }

    static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
