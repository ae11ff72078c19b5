package dev.reelrank.eventarchive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveTableTest {
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(TestEvents.key(3));
    private final Instant when = Instant.parse("2026-11-25T23:59:59.123456Z");

    private Object value(ArchiveTable table, Object[] row, String column) {
        for (int i = 0; i < table.columns.size(); i++) if (table.columns.get(i).name().equals(column)) return row[i];
        throw new AssertionError("no column " + column);
    }

    @Test
    void interactionRowCarriesThePseudonymNotTheUserId() {
        LoggedEvent e = TestEvents.interaction("t", 2, 10, when); // n=2: a watch
        Object[] row = ArchiveTable.INTERACTIONS.toRow(e, pseudonymizer);
        assertEquals(ArchiveTable.INTERACTIONS.columns.size(), row.length);
        assertEquals(e.id(), value(ArchiveTable.INTERACTIONS, row, "event_id"));
        assertEquals("//reelrank.test/archiver", value(ArchiveTable.INTERACTIONS, row, "event_source"));
        assertEquals(pseudonymizer.userKey(TestEvents.userId("t", 2)), value(ArchiveTable.INTERACTIONS, row, "user_key"));
        assertEquals(pseudonymizer.keyId(), value(ArchiveTable.INTERACTIONS, row, "key_id"));
        assertEquals("watch", value(ArchiveTable.INTERACTIONS, row, "action"));
        assertEquals(7.0, value(ArchiveTable.INTERACTIONS, row, "watch_seconds"));
        assertEquals("home", value(ArchiveTable.INTERACTIONS, row, "surface"));
        assertEquals(2, value(ArchiveTable.INTERACTIONS, row, "position"));
        assertEquals("req-0", value(ArchiveTable.INTERACTIONS, row, "request_id"));
        assertEquals(when, value(ArchiveTable.INTERACTIONS, row, "occurred_at"));
        assertEquals(when, value(ArchiveTable.INTERACTIONS, row, "event_time"));
        assertNull(value(ArchiveTable.INTERACTIONS, row, "target"), "unspecified enum values are absent");
        assertNull(value(ArchiveTable.INTERACTIONS, row, "channel_id"));
        assertFalse(Arrays.stream(row).anyMatch(v -> v instanceof String s && s.contains("user-t-")));
    }

    @Test
    void watchSecondsOnlyForWatchesAndTargetByName() {
        var i = Interaction.newBuilder().setUserId("u1").setVideoId("v1").setAction(Action.not_interested)
                .setTarget(NotInterestedTarget.channel).setChannelId("c1").setWatchSeconds(3).build();
        var e = new LoggedEvent("id-1", TestEvents.SOURCE, EventTypes.INTERACTION, null, i);
        Object[] row = ArchiveTable.INTERACTIONS.toRow(e, pseudonymizer);
        assertNull(value(ArchiveTable.INTERACTIONS, row, "watch_seconds"));
        assertEquals("channel", value(ArchiveTable.INTERACTIONS, row, "target"));
        assertEquals("c1", value(ArchiveTable.INTERACTIONS, row, "channel_id"));
        assertNull(value(ArchiveTable.INTERACTIONS, row, "event_time"));
        assertNull(value(ArchiveTable.INTERACTIONS, row, "occurred_at"));
        // No clock in the event at all: Kafka's timestamp decides the day.
        assertEquals(LocalDate.of(1970, 1, 2), ArchiveTable.INTERACTIONS.partitionDate(e, 86_400_000L));
    }

    @Test
    void partitionDateIsTheUtcDayTheUserActed() {
        var i = (Interaction) TestEvents.interaction("t", 1, 10, when).payload();
        // The CloudEvent was emitted a day later (a client that was offline): occurred_at still wins.
        var e = new LoggedEvent("id-2", TestEvents.SOURCE, EventTypes.INTERACTION,
                OffsetDateTime.of(2026, 11, 27, 1, 0, 0, 0, ZoneOffset.ofHours(5)), i);
        assertEquals(LocalDate.of(2026, 11, 25), ArchiveTable.INTERACTIONS.partitionDate(e, 0));
    }

    @Test
    void videoRowLeavesOutCreatorTypedFreeText() {
        LoggedEvent e = TestEvents.video("t", 5, when);
        Object[] row = ArchiveTable.VIDEOS.toRow(e, pseudonymizer);
        assertEquals(ArchiveTable.VIDEOS.columns.size(), row.length);
        assertEquals("vid-t-5", value(ArchiveTable.VIDEOS, row, "video_id"));
        assertEquals(List.of("music", "live"), value(ArchiveTable.VIDEOS, row, "tags"));
        assertEquals(65, value(ArchiveTable.VIDEOS, row, "duration_seconds"));
        assertEquals(when, value(ArchiveTable.VIDEOS, row, "published_at"));
        assertFalse(ArchiveTable.VIDEOS.columns.stream().anyMatch(c -> c.name().contains("title") || c.name().contains("description")));
        assertFalse(Arrays.stream(row).anyMatch(v -> v instanceof String s && (s.contains("Title") || s.contains("Free text"))));
        assertEquals(LocalDate.of(2026, 11, 25), ArchiveTable.VIDEOS.partitionDate(e, 0));
    }

    @Test
    void anEventOfAnotherTypeDoesNotFitATable() {
        assertThrows(IllegalArgumentException.class,
                () -> ArchiveTable.VIDEOS.toRow(TestEvents.interaction("t", 1, 1, when), pseudonymizer));
    }
}
