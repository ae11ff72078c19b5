package dev.reelrank.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventarchive.ArchiveTable;
import dev.reelrank.eventarchive.ParquetFiles;
import dev.reelrank.eventarchive.Pseudonymizer;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveDatasetTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(new byte[32]);
    private final ParquetFiles parquet = new ParquetFiles("zstd", 3, 1 << 20);
    private int ids;

    @Test
    void windowOfDaysBecomesADatasetOfPseudonymousUsersInTimeOrder(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("archive");
        // Videos: one published long before the window (still needed), one re-published with a fix.
        writeVideos(archive, TODAY.minusDays(40), List.of(video("old", "music", 200), video("v1", "news", 100)));
        writeVideos(archive, TODAY.minusDays(1), List.of(video("v1", "sport", 120), video("v2", "music", 300)));
        // Interactions: two days inside a 2-day window, one day outside it, written out of time order.
        writeInteractions(archive, TODAY, List.of(watch("alice", "v2", 290, at(TODAY, 12)), watch("bob", "old", 10, at(TODAY, 9))));
        writeInteractions(archive, TODAY.minusDays(1), List.of(watch("alice", "v1", 100, at(TODAY.minusDays(1), 8)),
                watch("alice", "never-published", 5, at(TODAY.minusDays(1), 9))));
        writeInteractions(archive, TODAY.minusDays(2), List.of(watch("carol", "v1", 50, at(TODAY.minusDays(2), 8))));

        var export = new ArchiveDataset(archive, 2, TODAY, "256MB").log(QUIET).writeTo(tmp.resolve("ds"));
        assertEquals(3, export.interactions());
        assertEquals(1, export.skippedUnknownVideo());
        Dataset d = Dataset.load(export.dir());
        assertEquals("archive", d.manifest.kind());
        assertEquals(3, d.videoCount(), "every archived video, also those published before the window");
        assertEquals(2, d.userCount(), "carol's only interaction is outside the window");
        int v1 = d.videos.find("v1");
        assertEquals("sport", d.categories.value(d.videoCategory[v1]), "the latest metadata of a video wins");
        assertEquals(120, d.videoDuration[v1]);
        for (int u = 0; u < d.userCount(); u++) {
            String key = d.users.value(u);
            assertTrue(key.matches("[0-9a-f]{64}"), "users are the archive's pseudonyms: " + key);
        }
        int alice = d.users.find(PSEUDONYMS.userKey("alice"));
        var aliceRows = new ArrayList<Integer>();
        for (int r = 0; r < d.rows; r++) if (d.user[r] == alice) aliceRows.add(r);
        assertEquals(List.of("v1", "v2"), aliceRows.stream().map(r -> d.videos.value(d.video[r])).toList(), "each user's rows in time order");
        assertEquals(Action.watch, d.actionOf(aliceRows.get(1)));
        assertEquals(290f, d.watchSeconds[aliceRows.get(1)], 0.05f);
        assertEquals(at(TODAY, 12).toEpochMilli(), d.time[aliceRows.get(1)]);
    }

    @Test
    void theUsersUtcOffsetSurvivesTheArchiveIntoTheTrainingRows(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("archive");
        writeVideos(archive, TODAY.minusDays(1), List.of(video("v1", "news", 100)));
        LoggedEvent east = watch("alice", "v1", 50, at(TODAY, 8));
        var eastWithOffset = new LoggedEvent(east.id(), east.source(), east.type(), east.time(),
                ((Interaction) east.payload()).toBuilder().setUtcOffsetMinutes(330).build());
        writeInteractions(archive, TODAY, List.of(eastWithOffset, watch("bob", "v1", 20, at(TODAY, 9))));

        Dataset d = Dataset.load(new ArchiveDataset(archive, 1, TODAY, "256MB").log(QUIET).writeTo(tmp.resolve("ds")).dir());
        int alice = d.users.find(PSEUDONYMS.userKey("alice")), bob = d.users.find(PSEUDONYMS.userKey("bob"));
        for (int r = 0; r < d.rows; r++) {
            Interaction i = d.interaction(r);
            if (d.user[r] == alice) assertEquals(330, i.getUtcOffsetMinutes(), "UTC+5:30 kept");
            if (d.user[r] == bob) assertFalse(i.hasUtcOffsetMinutes(), "unknown stays unknown, not UTC");
        }
    }

    @Test
    void anEmptyWindowIsAClearError(@TempDir Path tmp) throws Exception {
        Path archive = tmp.resolve("archive");
        writeVideos(archive, TODAY.minusDays(40), List.of(video("old", "music", 200)));
        writeInteractions(archive, TODAY.minusDays(40), List.of(watch("bob", "old", 10, at(TODAY.minusDays(40), 9))));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ArchiveDataset(archive, 30, TODAY, "256MB").log(QUIET).writeTo(tmp.resolve("ds")));
        assertTrue(e.getMessage().contains("no archived interactions"), e.getMessage());
    }

    private void writeVideos(Path archive, LocalDate day, List<LoggedEvent> events) throws Exception {
        write(archive, ArchiveTable.VIDEOS, day, events);
    }

    private void writeInteractions(Path archive, LocalDate day, List<LoggedEvent> events) throws Exception {
        write(archive, ArchiveTable.INTERACTIONS, day, events);
    }

    private void write(Path archive, ArchiveTable table, LocalDate day, List<LoggedEvent> events) throws Exception {
        var rows = new ArrayList<Object[]>();
        for (var e : events) rows.add(table.toRow(e, PSEUDONYMS));
        Path file = archive.resolve(table.folder).resolve("date=" + day).resolve("part-p000-o" + ids + "-o" + (ids + events.size()) + ".parquet");
        ids += events.size() + 1;
        parquet.write(file, table, rows, Map.of());
    }

    private LoggedEvent video(String id, String category, int duration) {
        var v = VideoPublished.newBuilder().setVideoId(id).setChannelId("ch-" + id).setCategory(category).addTags("t")
                .setLanguage("en").setDurationSeconds(duration).setPublishedAt(ts(at(TODAY.minusDays(50), 0))).build();
        return new LoggedEvent("e" + ids++ + id, URI.create("//test"), EventTypes.VIDEO_PUBLISHED,
                Instant.now().atOffset(ZoneOffset.UTC).plusSeconds(ids), v);
    }

    private LoggedEvent watch(String user, String video, double seconds, Instant when) {
        var i = Interaction.newBuilder().setUserId(user).setVideoId(video).setAction(Action.watch).setWatchSeconds(seconds)
                .setOccurredAt(ts(when)).setRegion("PT").setDevice("web").build();
        return new LoggedEvent("i" + ids++, URI.create("//test"), EventTypes.INTERACTION, when.atOffset(ZoneOffset.UTC), i);
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
