package dev.reelrank.model.ranking.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.FeatureRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftWindowTest {
    /** x: bins [0,1) [1,2) [2,3] + missing, even training shares; c: "a", "b" top values, vocabulary {a, b, c}. */
    static DriftReference reference() {
        var x = NumericBins.of("x", 0, new float[]{0, 1, 2, 3}, new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0}, 0);
        var c = CategoricalBins.of("c", 0, Map.of("a", 0.5, "b", 0.3), 0.1, 0.05, Set.of("a", "b", "c")::contains);
        return new DriftReference("m1", List.of(x, c));
    }

    static FeatureRow row(float x, String c) {
        return new FeatureRow(new String[]{c}, new float[]{x});
    }

    @Test
    void numericValuesGoToTheirBinsAndOutOfRangeToTheEnds() {
        var x = (NumericBins) reference().features().get(0);
        assertEquals(0, x.bin(row(-5, "a")));
        assertEquals(0, x.bin(row(0.5f, "a")));
        assertEquals(1, x.bin(row(1, "a")));
        assertEquals(2, x.bin(row(2.5f, "a")));
        assertEquals(2, x.bin(row(99, "a")));
        assertEquals(3, x.bin(row(Float.NaN, "a")));
        assertArrayEquals(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0, 0}, x.referenceShares(), 1e-12);
    }

    @Test
    void categoricalBinsAreTopOtherMissingUnknown() {
        var c = (CategoricalBins) reference().features().get(1);
        int a = c.bin(row(0, "a")), b = c.bin(row(0, "b"));
        assertTrue(a != b && a < 2 && b < 2);
        assertEquals(2, c.bin(row(0, "c")), "known but not in the top list: other");
        assertEquals(3, c.bin(row(0, "")), "missing");
        assertEquals(4, c.bin(row(0, "zzz")), "unknown to the model");
        assertEquals(4, c.unknownBin());
        assertEquals(0.05, c.referenceShares()[2], 1e-12, "other = 1 − top − missing − unknown");
    }

    @Test
    void theWindowSlidesBySlots() {
        // 4 rows in 2 slots of 2: after 5 rows the first two are gone.
        var w = new DriftWindow(reference(), 4, 2);
        w.add(row(0.5f, "a"));
        w.add(row(0.5f, "a"));
        w.add(row(1.5f, "b"));
        w.add(row(1.5f, "b"));
        assertEquals(4, w.rows());
        assertArrayEquals(new long[]{2, 2, 0, 0}, w.counts(0));
        w.add(row(2.5f, ""));
        assertEquals(3, w.rows());
        assertArrayEquals(new long[]{0, 2, 1, 0}, w.counts(0));
        w.clear();
        assertEquals(0, w.rows());
        assertArrayEquals(new long[]{0, 0, 0, 0}, w.counts(0));
    }

    @Test
    void theMonitorFlagsOnlyTheShiftedFeatureOnceItHasEnoughRows() {
        var heard = new ArrayList<String>();
        var m = new DriftMonitor(reference(), new DriftMonitor.Settings(0.2, 30, 1_000, 10, 1, 1e-4),
                (v, d, n) -> heard.add(v + ":" + d.name()));
        // x all in the top bin (shifted); c as in training (a 50%, b 30%, c 5%, missing 10%, unknown 5%)
        String[] cs = {"a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "b", "b", "b", "b", "b", "b", "c", "", "", "zzz"};
        var batch = new ArrayList<FeatureRow>();
        for (String c : cs) batch.add(row(2.5f, c));
        m.offer(batch);
        assertFalse(m.report().features().get(0).drifted(), "20 rows are below the minimum");
        assertTrue(heard.isEmpty());
        m.offer(batch);
        m.offer(batch);
        DriftReport r = m.report();
        assertEquals(60, r.windowRows());
        assertEquals("m1", r.modelVersion());
        var x = r.features().get(0);
        var c = r.features().get(1);
        assertTrue(x.drifted() && x.psi() > 1, x.toString());
        assertNull(x.unknownShare());
        assertFalse(c.drifted());
        assertEquals(0, c.psi(), 1e-9);
        assertEquals(0.05, c.unknownShare(), 1e-12);
        assertEquals(List.of("m1:x"), heard, "one notice per feature, not one per request");
        assertEquals(60, m.rowsCounted());
    }

    @Test
    void onlyEveryKthRequestIsCounted() {
        var m = new DriftMonitor(reference(), new DriftMonitor.Settings(0.2, 1, 1_000, 10, 3, 1e-4), DriftMonitor.Listener.NONE);
        for (int i = 0; i < 7; i++) m.offer(List.of(row(0.5f, "a")));
        assertEquals(3, m.report().windowRows(), "requests 0, 3 and 6");
        m.clear();
        assertEquals(0, m.report().windowRows());
        assertEquals(0, m.psi(0));
    }
}
