package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarningGateTest {
    @Test
    void oneWarningPerInterval() {
        var gate = new WarningGate(Duration.ofHours(1));
        assertTrue(gate.open(), "the first call warns");
        assertFalse(gate.open(), "the next within the interval does not");
        var always = new WarningGate(Duration.ZERO);
        assertTrue(always.open());
        assertTrue(always.open());
    }
}
