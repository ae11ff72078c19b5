package dev.reelrank.pipeline.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResumeOffsetsTest {
    @Test
    void theLoadsOwnRecordsFromTheStartAreNotReadAgain() {
        var r = new ResumeOffsets(Map.of(0, 10L, 1, 0L, 2, 7L));
        for (long o = 10; o < 15; o++) r.published(0, o);
        for (long o = 0; o < 3; o++) r.published(1, o);
        // Partition 2 got none of the load's records: read from where the index was.
        assertEquals(Map.of(0, 15L, 1, 3L, 2, 7L), r.resume());
        assertEquals(Set.of(), r.interleaved());
    }

    @Test
    void anotherWritersRecordInBetweenIsWhereThePartitionResumes() {
        var r = new ResumeOffsets(Map.of(0, 10L, 1, 4L));
        r.published(0, 10);
        r.published(0, 11);
        r.published(0, 13); // 12 is someone else's
        r.published(0, 14);
        r.published(1, 5); // 4 came in before the load's first record
        r.published(1, 6);
        assertEquals(Map.of(0, 12L, 1, 4L), r.resume());
        assertEquals(Set.of(0, 1), r.interleaved());
    }

    @Test
    void aRecordBeforeTheStartOrOnAnUnknownPartitionIsAnError() {
        var r = new ResumeOffsets(Map.of(0, 10L));
        assertThrows(IllegalStateException.class, () -> r.published(0, 9));
        assertThrows(IllegalStateException.class, () -> r.published(1, 0));
    }
}
