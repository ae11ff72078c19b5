package dev.reelrank.rankingmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClickMetricsTest {

    @Test
    void aucOfPerfectReversedAndConstantScores() {
        float[] labels = {0, 0, 1, 1};
        assertEquals(1.0, ClickMetrics.auc(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, labels), 1e-12);
        assertEquals(0.0, ClickMetrics.auc(new float[] {0.4f, 0.3f, 0.2f, 0.1f}, labels), 1e-12);
        assertEquals(0.5, ClickMetrics.auc(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, labels), 1e-12);
    }

    @Test
    void tiesCountOneHalf() {
        // Pairs (positive, negative): (0.5 vs 0.1) win, (0.5 vs 0.5) tie, (0.9 vs 0.1) win, (0.9 vs 0.5) win → 3.5 / 4.
        float[] scores = {0.1f, 0.5f, 0.5f, 0.9f};
        float[] labels = {0, 0, 1, 1};
        assertEquals(0.875, ClickMetrics.auc(scores, labels), 1e-12);
    }

    @Test
    void aucIsUndefinedWithOneClass() {
        assertTrue(Double.isNaN(ClickMetrics.auc(new float[] {0.1f, 0.2f}, new float[] {1, 1})));
    }

    @Test
    void logLossByHand() {
        // -(ln 0.8 + ln(1 - 0.4)) / 2
        double expected = -(Math.log(0.8) + Math.log(0.6)) / 2;
        assertEquals(expected, ClickMetrics.logLoss(new float[] {0.8f, 0.4f}, new float[] {1, 0}), 1e-6);
        assertTrue(Double.isFinite(ClickMetrics.logLoss(new float[] {0f}, new float[] {1})), "clamped, not infinite");
    }

    @Test
    void watchErrorsOnlyOverWeightedRows() {
        float[] predicted = {0.5f, 0.9f, 7f};
        float[] actual = {0.3f, 0.6f, 0f};
        float[] weight = {1, 1, 0};
        assertEquals(0.25, ClickMetrics.meanAbsoluteError(predicted, actual, weight), 1e-6);
        assertEquals(Math.sqrt((0.04 + 0.09) / 2), ClickMetrics.rootMeanSquaredError(predicted, actual, weight), 1e-6);
    }
}
