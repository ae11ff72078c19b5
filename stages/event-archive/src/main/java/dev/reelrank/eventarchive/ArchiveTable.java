package dev.reelrank.eventarchive;

import static dev.reelrank.eventarchive.Column.Kind.DOUBLE;
import static dev.reelrank.eventarchive.Column.Kind.INT;
import static dev.reelrank.eventarchive.Column.Kind.STRING;
import static dev.reelrank.eventarchive.Column.Kind.STRING_LIST;
import static dev.reelrank.eventarchive.Column.Kind.TIMESTAMP;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.parquet.schema.MessageType;

/**
 * The archive's tables, one per event type, with their columns in file order. This enum is the
 * schema's single source: docs/event-archive.md describes the same columns, and a change here is
 * a new {@link #SCHEMA_VERSION}. Columns are only ever added (optional) so old files stay
 * readable next to new ones.
 *
 * <p>What is deliberately NOT here: clear-text user ids (only {@code user_key}, their keyed
 * pseudonym) and free text (a video's title and description are typed by people and may name
 * anyone; tags are kept as the closed vocabulary the catalogue uses).
 */
public enum ArchiveTable {
    INTERACTIONS("interactions", EventTypes.INTERACTION, List.of(
            Column.required("event_id", STRING, "CloudEvent id; with event_source, the event's identity"),
            Column.required("event_source", STRING, "CloudEvent source"),
            Column.optional("event_time", TIMESTAMP, "CloudEvent time (UTC), when the producer emitted it"),
            Column.optional("user_key", STRING, "HMAC-SHA256(key, user_id) in hex: a pseudonym, never the user id"),
            Column.required("key_id", STRING, "which pseudonym key made user_key (rows of two keys never join)"),
            Column.optional("video_id", STRING, "the video acted on (absent for channel-only actions)"),
            Column.optional("channel_id", STRING, "the channel, for subscribe/unsubscribe and channel-level not_interested"),
            Column.required("action", STRING, "impression | click | watch | like | dislike | share | skip | not_interested | subscribe | unsubscribe"),
            Column.optional("watch_seconds", DOUBLE, "seconds watched (watch only)"),
            Column.optional("surface", STRING, "home | up_next"),
            Column.optional("position", INT, "zero-based slot the video was shown in"),
            Column.optional("request_id", STRING, "the feed response the interaction came from (not a user id)"),
            Column.optional("occurred_at", TIMESTAMP, "when the user acted (UTC); decides the date partition"),
            Column.optional("device", STRING, "device class as sent by the client"),
            Column.optional("region", STRING, "region code"),
            Column.optional("target", STRING, "video | channel, for not_interested"),
            Column.optional("utc_offset_minutes", INT, "the user's offset from UTC in minutes (schema 2; absent when unknown)"))),
    VIDEOS("videos", EventTypes.VIDEO_PUBLISHED, List.of(
            Column.required("event_id", STRING, "CloudEvent id; with event_source, the event's identity"),
            Column.required("event_source", STRING, "CloudEvent source"),
            Column.optional("event_time", TIMESTAMP, "CloudEvent time (UTC); decides the date partition"),
            Column.required("video_id", STRING, "the video"),
            Column.optional("channel_id", STRING, "its channel"),
            Column.optional("category", STRING, "catalogue category"),
            Column.required("tags", STRING_LIST, "catalogue tags (possibly empty)"),
            Column.optional("language", STRING, "BCP-47 language tag"),
            Column.optional("duration_seconds", INT, "length of the video"),
            Column.optional("published_at", TIMESTAMP, "when the video was published (UTC)"),
            Column.optional("region", STRING, "region the video is aimed at")));

    /** Stored in every file's key-value metadata as {@code reelrank.schema.version}. */
    public static final int SCHEMA_VERSION = 2;

    /** Folder under the archive root, and the Parquet message name. */
    public final String folder;
    public final EventTypes eventType;
    public final List<Column> columns;
    public final MessageType schema;

    ArchiveTable(String folder, EventTypes eventType, List<Column> columns) {
        this.folder = folder;
        this.eventType = eventType;
        this.columns = columns;
        this.schema = Column.schema(folder, columns);
    }

    /** One archived row (values in column order, null where absent). */
    public Object[] toRow(LoggedEvent event, Pseudonymizer pseudonymizer) {
        requireType(event);
        Instant eventTime = event.time() == null ? null : event.time().toInstant();
        return switch (this) {
            case INTERACTIONS -> {
                var i = (Interaction) event.payload();
                yield new Object[] {
                    event.id(), event.source().toString(), eventTime,
                    pseudonymizer.userKey(i.getUserId()), pseudonymizer.keyId(),
                    blankToNull(i.getVideoId()), blankToNull(i.getChannelId()),
                    i.getAction().name(),
                    i.getAction() == dev.reelrank.proto.v1.Action.watch ? i.getWatchSeconds() : null,
                    enumName(i.getSurfaceValue(), i.getSurface().name()),
                    i.getPosition(),
                    blankToNull(i.getRequestId()),
                    i.hasOccurredAt() ? instant(i.getOccurredAt()) : null,
                    blankToNull(i.getDevice()), blankToNull(i.getRegion()),
                    enumName(i.getTargetValue(), i.getTarget().name()),
                    i.hasUtcOffsetMinutes() ? i.getUtcOffsetMinutes() : null,
                };
            }
            case VIDEOS -> {
                var v = (VideoPublished) event.payload();
                yield new Object[] {
                    event.id(), event.source().toString(), eventTime,
                    v.getVideoId(), blankToNull(v.getChannelId()), blankToNull(v.getCategory()),
                    List.copyOf(v.getTagsList()), blankToNull(v.getLanguage()),
                    v.getDurationSeconds() == 0 ? null : v.getDurationSeconds(),
                    v.hasPublishedAt() ? instant(v.getPublishedAt()) : null,
                    blankToNull(v.getRegion()),
                };
            }
        };
    }

    /**
     * The UTC date partition of an event: when it happened, so a training window of days reads
     * exactly the folders of those days. For interactions that is occurred_at, for videos the
     * CloudEvent time; either falls back to the other clock we have, finally Kafka's timestamp.
     */
    public LocalDate partitionDate(LoggedEvent event, long kafkaTimestampMillis) {
        requireType(event);
        Instant when = null;
        if (this == INTERACTIONS && ((Interaction) event.payload()).hasOccurredAt())
            when = instant(((Interaction) event.payload()).getOccurredAt());
        if (when == null && event.time() != null) when = event.time().toInstant();
        if (when == null && this == VIDEOS && ((VideoPublished) event.payload()).hasPublishedAt())
            when = instant(((VideoPublished) event.payload()).getPublishedAt());
        if (when == null) when = Instant.ofEpochMilli(kafkaTimestampMillis);
        return LocalDate.ofInstant(when, ZoneOffset.UTC);
    }

    public static ArchiveTable of(EventTypes type) {
        for (ArchiveTable t : values()) if (t.eventType == type) return t;
        throw new IllegalArgumentException("no archive table for " + type);
    }

    private void requireType(LoggedEvent event) {
        if (event.type() != eventType)
            throw new IllegalArgumentException("a " + event.type().type + " event does not belong in " + folder);
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Proto enums' zero value is "unspecified": absent in the archive. */
    private static String enumName(int number, String name) {
        return number == 0 ? null : name;
    }
}
