package dev.reelrank.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrendDecayTest {
    private static final long HOUR = 3_600_000L;
    /** Late 2025: t/h is about 4.9·10^5, so 2^(t/h) alone is far past the double range. */
    private static final long NOW = Instant.parse("2025-11-24T15:00:00Z").toEpochMilli();

    /** The job's log-score of one event of weight w at t (ForwardDecay.add on an empty sum). */
    private static double logScore(double weight, long atMillis, long halfLifeMillis) {
        return (double) atMillis / halfLifeMillis + Math.log(weight) / Math.log(2);
    }

    @Test
    void anEventScoresItsWeightWhenFreshAndHalfOfItOneHalfLifeLater() {
        double l = logScore(8, NOW, HOUR);
        assertEquals(8, TrendDecay.decayed(l, NOW, HOUR), 1e-6);
        assertEquals(4, TrendDecay.decayed(l, NOW + HOUR, HOUR), 1e-6);
        assertEquals(0.25, TrendDecay.decayed(l, NOW + 5 * HOUR, HOUR), 1e-8);
    }

    @Test
    void sumsDecayTermByTerm() {
        // 6 one hour ago and 3 now: log2(6·2^((now-h)/h) + 3·2^(now/h)) = now/h + log2(6) for a decayed 3 + 3.
        double l = (double) NOW / HOUR + Math.log(6) / Math.log(2);
        assertEquals(6, TrendDecay.decayed(l, NOW, HOUR), 1e-6);
        assertEquals(1.5, TrendDecay.decayed(l, NOW + 2 * HOUR, HOUR), 1e-6);
    }

    @Test
    void neverOverflowsNorTurnsNaN() {
        assertEquals(0.0, TrendDecay.decayed(Double.NEGATIVE_INFINITY, NOW, HOUR), "an empty sum");
        assertEquals(Double.MAX_VALUE, TrendDecay.decayed(Double.POSITIVE_INFINITY, NOW, HOUR));
        // Read with twice the job's half-life: the exponent is about 2.4·10^5, capped rather than infinite.
        assertEquals(Double.MAX_VALUE, TrendDecay.decayed(logScore(1, NOW, HOUR), NOW, 2 * HOUR));
        // Long decayed: a denormal or 0, never negative.
        double old = TrendDecay.decayed(logScore(1, NOW - 2_000 * HOUR, HOUR), NOW, HOUR);
        assertTrue(old >= 0 && old < 1e-300);
    }

    @Test
    void keysAreThePrefixAndTheScope() {
        assertEquals("trend-decay:global", TrendDecay.defaults().key("global"));
        assertEquals(Duration.ofHours(1), TrendDecay.defaults().halfLife());
        assertEquals("x:BR", new TrendDecay("x:", Duration.ofMinutes(5)).key("BR"));
        assertThrows(IllegalArgumentException.class, () -> new TrendDecay(" ", Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new TrendDecay("p:", Duration.ZERO));
    }
}
