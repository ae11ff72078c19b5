package dev.reelrank.eventlog.rollouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelRolloutTest {
    @Test
    void roundTripsThroughItsTextValue() {
        var r = new ModelRollout(ModelRollout.TWO_TOWER, "tt-2", "tt-1", 1234, Instant.parse("2026-11-25T05:00:00Z"), "publish");
        assertEquals(r, ModelRollout.fromBytes(r.toBytes()));
        var first = new ModelRollout(ModelRollout.TWO_TOWER, "tt-1", null, 0, null, null);
        assertEquals(first, ModelRollout.fromBytes(first.toBytes()), "no previous version, no time");
        assertEquals("model=two-tower\nversion=tt-2\nprevious=tt-1\nvideos=1234\nat=2026-11-25T05:00:00Z\nreason=publish\n",
                new String(r.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aRecordWithoutVersionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModelRollout.fromBytes("model=two-tower\n".getBytes(StandardCharsets.UTF_8)));
    }
}
