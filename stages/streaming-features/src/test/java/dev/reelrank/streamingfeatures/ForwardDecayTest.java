package dev.reelrank.streamingfeatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForwardDecayTest {
    static final long HOUR = 3_600_000L;
    static final long NOW = 1_796_000_000_000L;   // late 2026: far from the landmark, as in production
    final ForwardDecay decay = new ForwardDecay(HOUR);

    @Test
    void aScoreHalvesEveryHalfLife() {
        double l = decay.add(ForwardDecay.EMPTY, 8, NOW);
        assertEquals(8, decay.decayed(l, NOW), 1e-9);
        assertEquals(4, decay.decayed(l, NOW + HOUR), 1e-9);
        assertEquals(1, decay.decayed(l, NOW + 3 * HOUR), 1e-9);
    }

    @Test
    void scoresAddUpAsDecayedSums() {
        double l = ForwardDecay.EMPTY;
        l = decay.add(l, 2, NOW - 2 * HOUR);   // worth 0.5 now
        l = decay.add(l, 3, NOW - HOUR);       // worth 1.5 now
        l = decay.add(l, 1, NOW);              // worth 1 now
        assertEquals(3.0, decay.decayed(l, NOW), 1e-9);
        assertEquals(ForwardDecay.EMPTY, decay.add(ForwardDecay.EMPTY, 0, NOW));
        assertEquals(ForwardDecay.EMPTY, decay.add(ForwardDecay.EMPTY, -2, NOW));
        assertEquals(0, decay.decayed(ForwardDecay.EMPTY, NOW));
    }

    @Test
    void orderByLogScoreIsOrderByDecayedScoreAndFreshBeatsStale() {
        // 10 engagements two hours ago (worth 2.5 now) lose to 3 engagements now.
        double stale = ForwardDecay.EMPTY, fresh = ForwardDecay.EMPTY;
        for (int i = 0; i < 10; i++) stale = decay.add(stale, 1, NOW - 2 * HOUR);
        for (int i = 0; i < 3; i++) fresh = decay.add(fresh, 1, NOW);
        assertTrue(fresh > stale);
        assertTrue(decay.decayed(fresh, NOW + 5 * HOUR) > decay.decayed(stale, NOW + 5 * HOUR));
        // But it was ahead two hours ago, when the stale ones were fresh.
        assertTrue(decay.decayed(stale, NOW - 2 * HOUR) > 0);
    }

    @Test
    void noOverflowFarFromTheLandmark() {
        var fast = new ForwardDecay(1_000);   // one-second half-life: 1.8e9 half-lives since 1970
        double l = ForwardDecay.EMPTY;
        for (int i = 0; i < 1000; i++) l = fast.add(l, 1, NOW);
        assertTrue(Double.isFinite(l));
        assertEquals(1000, fast.decayed(l, NOW), 1e-3);
    }

    @Test
    void logSumExpIsExactForEqualTerms() {
        assertEquals(11, ForwardDecay.logSumExp2(10, 10), 1e-12);
        assertEquals(5, ForwardDecay.logSumExp2(ForwardDecay.EMPTY, 5));
    }
}
