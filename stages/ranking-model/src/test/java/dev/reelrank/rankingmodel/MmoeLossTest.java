package dev.reelrank.rankingmodel;

import dev.reelrank.modelartifacts.DjlRuntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class MmoeLossTest {

    private static double bce(double z, double y) {
        double p = 1 / (1 + Math.exp(-z));
        return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    }

    @Test
    void crossEntropyWithLogitsMatchesHandComputedValues() {
        DjlRuntime.start(MmoeTrainer.INTRA_OP_THREADS);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] z = {0f, 2f, -3f, 40f};
            float[] y = {1f, 0f, 0.25f, 1f};
            float[] got = MmoeLoss.crossEntropyWithLogits(m.create(z), m.create(y)).toFloatArray();
            // ln 2; ln(1 + e^2); fractional target; a confident right answer costs ~0 without overflow.
            float[] want = {(float) Math.log(2), (float) Math.log(1 + Math.exp(2)), (float) bce(-3, 0.25), 0f};
            assertArrayEquals(want, got, 1e-5f);
            // Never negative: the sign trap of DJL's built-in loss would show up here.
            for (float g : got) assertTrue(g >= 0, "negative loss " + g);
        }
    }

    @Test
    void watchLossOnlyCountsClickedRows() {
        DjlRuntime.start(MmoeTrainer.INTRA_OP_THREADS);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] z = {1f, -1f, 5f};
            float[] t = {0.5f, 0.2f, 0f};
            float[] clicked = {1f, 1f, 0f};
            float got = MmoeLoss.watch(m.create(z), m.create(t), m.create(clicked)).getFloat();
            assertEquals((bce(1, 0.5) + bce(-1, 0.2)) / 2, got, 1e-5);
            float none = MmoeLoss.watch(m.create(z), m.create(t), m.create(new float[3])).getFloat();
            assertEquals(0f, none, 0f);
            float total = MmoeLoss.total(m.create(new float[] {0f, 0f, 0f}), m.create(new float[] {1f, 0f, 1f}),
                    m.create(z), m.create(t), 2f).getFloat();
            // click loss ln 2 on every row; watch over rows 0 and 2 (the clicked ones here)
            assertEquals(Math.log(2) + 2 * (bce(1, 0.5) + bce(5, 0)) / 2, total, 1e-5);
        }
    }
}
