package dev.reelrank.eventarchive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveStateTest {

    @Test
    void recentKeysForgetTheOldestBeyondTheWindow() {
        var keys = new RecentKeys(3);
        assertTrue(keys.add(1));
        assertTrue(keys.add(2));
        assertFalse(keys.add(1));
        assertTrue(keys.add(3));
        assertTrue(keys.add(4)); // evicts 1
        assertTrue(keys.add(1));
        assertArrayEquals(new long[] {3, 4, 1}, keys.snapshot());
        assertEquals(RecentKeys.identity("s", "id"), RecentKeys.identity("s", "id"));
        // The separator keeps ("ab","c") and ("a","bc") apart.
        assertTrue(RecentKeys.identity("ab", "c") != RecentKeys.identity("a", "bc"));
    }

    @Test
    void stateRoundTripsAndAMissingFileIsEmpty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p001.state");
        assertSame(PartitionState.EMPTY, PartitionState.read(file));
        new PartitionState(120, 456, new long[] {1, 2}, new long[] {3}).write(file);
        var s = PartitionState.read(file);
        assertEquals(120, s.first());
        assertEquals(456, s.last());
        assertArrayEquals(new long[] {1, 2}, s.keysBefore());
        assertArrayEquals(new long[] {3}, s.batchKeys());
        assertTrue(s.hasBatch());
    }

    @Test
    void namesAreAFunctionOfPartitionAndOffsets(@TempDir Path root) {
        var layout = new ArchiveLayout(root);
        String name = ArchiveLayout.dataFileName(3, 120, 456);
        assertEquals(name, ArchiveLayout.dataFileName(3, 120, 456));
        var range = ArchiveLayout.parseDataFileName(name);
        assertEquals(new ArchiveLayout.OffsetRange(3, 120, 456), range);
        assertTrue(range.overlaps(new ArchiveLayout.OffsetRange(3, 456, 500)));
        assertFalse(range.overlaps(new ArchiveLayout.OffsetRange(3, 457, 500)));
        assertFalse(range.overlaps(new ArchiveLayout.OffsetRange(4, 120, 456)));
        assertNull(ArchiveLayout.parseDataFileName("x.parquet.tmp"));
        assertEquals(root.resolve("_archiver/interactions/p011.state"), layout.stateFile(new TopicPartition("interactions", 11)));
        assertEquals(root.resolve("videos/date=2026-11-25"), layout.dateFolder(ArchiveTable.VIDEOS, java.time.LocalDate.of(2026, 11, 25)));
    }

    @Test
    void rootIsAPathOrAUri(@TempDir Path dir) {
        assertEquals(dir, ArchiveLayout.resolveRoot(dir.toUri().toString()));
        assertEquals(Path.of("var/archive").toAbsolutePath(), ArchiveLayout.resolveRoot("var/archive"));
    }
}
