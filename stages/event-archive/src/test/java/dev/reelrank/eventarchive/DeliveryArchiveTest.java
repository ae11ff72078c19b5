package dev.reelrank.eventarchive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventarchive.DeliveryArchive.Delivery;
import dev.reelrank.eventarchive.DeliveryArchive.Outcome;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP lane: a batch counts only once its files and its commit are durable; redeliveries add no rows. */
class DeliveryArchiveTest {
    static final Instant DAY = Instant.parse("2026-11-25T10:00:00Z");
    final Pseudonymizer pseudonymizer = new Pseudonymizer(TestEvents.key(7));

    DeliveryArchive archive(Path root) {
        return new DeliveryArchive(ArchiveConfig.defaults("127.0.0.1:9", root), pseudonymizer);
    }

    static Delivery delivered(LoggedEvent e) {
        return new Delivery(e, DAY.toEpochMilli());
    }

    static long rows(Path root, ArchiveTable table) throws Exception {
        if (ArchiveFiles.dataFiles(root, table).isEmpty()) return 0;
        try (var db = new DuckDb()) {
            return db.count("select count(*) from " + DuckDb.table(root, table));
        }
    }

    @Test
    void aBatchIsInFilesWhenArchiveReturnsAndARedeliveryAddsNoRow(@TempDir Path root) throws Exception {
        var a = archive(root);
        var i0 = TestEvents.interaction("r", 0, 3, DAY);
        var i1 = TestEvents.interaction("r", 1, 3, DAY);
        var v0 = TestEvents.video("r", 0, DAY);
        assertEquals(List.of(Outcome.ARCHIVED, Outcome.ARCHIVED, Outcome.ARCHIVED, Outcome.DUPLICATE),
                a.archive(List.of(delivered(i0), delivered(i1), delivered(v0), delivered(i0))));
        assertEquals(2, rows(root, ArchiveTable.INTERACTIONS));
        assertEquals(1, rows(root, ArchiveTable.VIDEOS));

        // The sender did not see the 200 and delivers again, to this instance or after a restart.
        assertEquals(List.of(Outcome.DUPLICATE), a.archive(List.of(delivered(i1))));
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.ARCHIVED),
                archive(root).archive(List.of(delivered(v0), delivered(TestEvents.interaction("r", 2, 3, DAY)))));
        assertEquals(3, rows(root, ArchiveTable.INTERACTIONS));
        assertEquals(1, rows(root, ArchiveTable.VIDEOS));
        assertTrue(ArchiveFiles.dataFiles(root, ArchiveTable.INTERACTIONS).stream()
                .allMatch(p -> ArchiveLayout.parseDataFileName(p.getFileName().toString()).partition() == DeliveryArchive.LANE_PARTITION));
    }

    @Test
    void aFailedBatchCountsForNothingAndItsRedeliveryIsArchivedOnce(@TempDir Path root) throws Exception {
        var a = archive(root);
        var ok = TestEvents.interaction("f", 0, 3, DAY);
        a.archive(List.of(delivered(ok)));
        // The videos folder cannot be created (a file is in the way): the batch's second file fails.
        Files.writeString(root.resolve("videos"), "in the way");
        var i = TestEvents.interaction("f", 1, 3, DAY);
        var v = TestEvents.video("f", 0, DAY);
        assertThrows(IOException.class, () -> a.archive(List.of(delivered(i), delivered(v))));
        // The interactions file of the failed batch was already renamed; it must not survive the retry.
        Files.delete(root.resolve("videos"));

        assertEquals(List.of(Outcome.ARCHIVED, Outcome.ARCHIVED), a.archive(List.of(delivered(i), delivered(v))));
        assertEquals(2, rows(root, ArchiveTable.INTERACTIONS));
        assertEquals(1, rows(root, ArchiveTable.VIDEOS));
        assertEquals(List.of(Outcome.DUPLICATE), a.archive(List.of(delivered(ok))));
    }

    @Test
    void aRestartRollsBackABatchThatWasNeverCommitted(@TempDir Path root) throws Exception {
        var a = archive(root);
        var i = TestEvents.interaction("k", 0, 3, DAY);
        Files.writeString(root.resolve("videos"), "in the way");
        assertThrows(IOException.class, () -> a.archive(List.of(delivered(i), delivered(TestEvents.video("k", 0, DAY)))));
        Files.delete(root.resolve("videos"));
        assertEquals(1, rows(root, ArchiveTable.INTERACTIONS)); // the half-written batch, as a crash would leave it

        // A new process (the function scaled to zero and back) finds the intent without a commit.
        var restarted = archive(root);
        restarted.recover();
        assertEquals(0, rows(root, ArchiveTable.INTERACTIONS));
        assertEquals(List.of(Outcome.ARCHIVED), restarted.archive(List.of(delivered(i))));
        assertEquals(1, rows(root, ArchiveTable.INTERACTIONS));
    }

    @Test
    void eventsTheArchiveCannotHoldAreNamedBeforeBatching(@TempDir Path root) {
        var a = archive(root);
        assertNull(a.problem(TestEvents.interaction("p", 0, 3, DAY)));
        var notArchived = new LoggedEvent("x", TestEvents.SOURCE, EventTypes.INTERACTION,
                OffsetDateTime.ofInstant(DAY, ZoneOffset.UTC), TestEvents.video("p", 0, DAY).payload());
        assertNotNull(a.problem(notArchived));
    }
}
