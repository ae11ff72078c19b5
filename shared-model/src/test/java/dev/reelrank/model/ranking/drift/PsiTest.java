package dev.reelrank.model.ranking.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PsiTest {
    private static final double EPS = 1e-4;

    @Test
    void identicalSharesHaveNoDrift() {
        assertEquals(0, Psi.psi(new double[]{0.2, 0.3, 0.5}, new double[]{0.2, 0.3, 0.5}, EPS), 1e-12);
    }

    @Test
    void knownValueOfTwoBins() {
        // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.25·ln 2 + 0.25·ln 1.5
        double expected = 0.25 * Math.log(2) + 0.25 * Math.log(1.5);
        assertEquals(expected, Psi.psi(new double[]{0.5, 0.5}, new double[]{0.25, 0.75}, EPS), 1e-12);
        assertEquals(0.274653, expected, 1e-6);
    }

    @Test
    void symmetricInItsArguments() {
        double[] a = {0.1, 0.2, 0.7}, b = {0.3, 0.3, 0.4};
        assertEquals(Psi.psi(a, b, EPS), Psi.psi(b, a, EPS), 1e-12);
    }

    @Test
    void anEmptyBinIsFlooredAtEpsilonInsteadOfInfinite() {
        // live bin 2 empty: its share counts as epsilon
        double expected = (0.5 - 0.4) * Math.log(0.5 / 0.4) + (0.5 - 0.4) * Math.log(0.5 / 0.4) + (EPS - 0.2) * Math.log(EPS / 0.2);
        assertEquals(expected, Psi.psi(new double[]{0.4, 0.4, 0.2}, new double[]{0.5, 0.5, 0}, EPS), 1e-12);
    }

    @Test
    void sharesOfCounts() {
        assertArrayEquals(new double[]{0.25, 0.75, 0}, Psi.shares(new long[]{1, 3, 0}), 1e-12);
        assertArrayEquals(new double[]{0, 0}, Psi.shares(new long[]{0, 0}), 0);
    }

    @Test
    void binCountsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Psi.psi(new double[]{1}, new double[]{0.5, 0.5}, EPS));
    }
}
