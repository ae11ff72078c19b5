package dev.reelrank.eventarchive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files as a reader that is not ours (DuckDB) sees them: names, types and values. */
class ParquetFilesTest {
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(TestEvents.key(9));
    private final Instant when = Instant.parse("2026-11-25T10:15:30.250001Z");

    @Test
    void interactionsReadBackWithNativeTypesAndHivePartition(@TempDir Path root) throws Exception {
        var layout = new ArchiveLayout(root);
        List<Object[]> rows = new ArrayList<>();
        for (int n = 0; n < 1000; n++) rows.add(ArchiveTable.INTERACTIONS.toRow(TestEvents.interaction("r", n, 50, when), pseudonymizer));
        Path file = layout.dataFile(ArchiveTable.INTERACTIONS, LocalDate.of(2026, 11, 25), 3, 120, 1119);
        new ParquetFiles("zstd", 3, 1 << 20).write(file, ArchiveTable.INTERACTIONS, rows, Map.of("reelrank.table", "interactions"));
        assertEquals("part-p003-o000000000120-o000000001119.parquet", file.getFileName().toString());

        try (var db = new DuckDb()) {
            String t = DuckDb.table(root, ArchiveTable.INTERACTIONS);
            assertEquals(1000, db.count("SELECT count(*) FROM " + t));
            assertEquals(50, db.count("SELECT count(DISTINCT user_key) FROM " + t));
            var types = db.query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + t + ")");
            var byName = new java.util.HashMap<String, String>();
            types.forEach(r -> byName.put((String) r.get(0), (String) r.get(1)));
            assertEquals("TIMESTAMP WITH TIME ZONE", byName.get("occurred_at"));
            assertEquals("DOUBLE", byName.get("watch_seconds"));
            assertEquals("INTEGER", byName.get("position"));
            assertEquals("VARCHAR", byName.get("user_key"));
            assertEquals("DATE", byName.get("date"));
            var row = db.query("SELECT action, watch_seconds, surface, position, request_id, epoch_us(occurred_at), date::VARCHAR, user_key, target"
                    + " FROM " + t + " WHERE event_id = '" + TestEvents.interaction("r", 2, 50, when).id() + "'").getFirst();
            assertEquals("watch", row.get(0));
            assertEquals(7.0, row.get(1));
            assertEquals("home", row.get(2));
            assertEquals(2, row.get(3));
            assertEquals("req-0", row.get(4));
            assertEquals(RowWriteSupport.micros(when), ((Number) row.get(5)).longValue());
            assertEquals("2026-11-25", row.get(6));
            assertEquals(pseudonymizer.userKey(TestEvents.userId("r", 2)), row.get(7));
            assertNull(row.get(8));
            assertEquals("interactions", db.query("SELECT decode(value) FROM parquet_kv_metadata('" + file + "')"
                    + " WHERE decode(key) = 'reelrank.table'").getFirst().getFirst());
        }
    }

    @Test
    void videosKeepTagsAsAListInEveryCodec(@TempDir Path root) throws Exception {
        var layout = new ArchiveLayout(root);
        var codecs = List.of("zstd", "snappy", "none");
        for (String codec : codecs) {
            List<Object[]> rows = List.<Object[]>of(ArchiveTable.VIDEOS.toRow(TestEvents.video(codec, 1, when), pseudonymizer));
            Path file = layout.dataFile(ArchiveTable.VIDEOS, LocalDate.of(2026, 11, 25), codecs.indexOf(codec), 0, 0);
            new ParquetFiles(codec, 3, 1 << 20).write(file, ArchiveTable.VIDEOS, rows, Map.of());
            assertEquals(true, Files.size(file) > 0);
        }
        try (var db = new DuckDb()) {
            String t = DuckDb.table(root, ArchiveTable.VIDEOS);
            assertEquals(3, db.count("SELECT count(*) FROM " + t + " WHERE tags = ['music', 'live'] AND duration_seconds = 61"));
            assertEquals(0, db.count("SELECT count(*) FROM (DESCRIBE SELECT * FROM " + t + ") WHERE column_name IN ('title', 'description')"));
        }
    }
}
