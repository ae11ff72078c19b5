package dev.reelrank.rankingmodel;

import dev.reelrank.modelartifacts.DjlRuntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class MmoeBlockTest {

    @Test
    void outputsOneClickAndOneWatchLogitPerRow() {
        DjlRuntime.start(MmoeTrainer.INTRA_OP_THREADS);
        var config = Synthetic.config();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var block = new MmoeBlock(config, 3, 2, 40);
            block.initialize(m, DataType.FLOAT32, block.inputShapes());
            long[] ids = new long[7 * 3];
            for (int i = 0; i < ids.length; i++) ids[i] = i % 40;
            float[] nums = new float[7 * 2];
            for (int i = 0; i < nums.length; i++) nums[i] = i / 10f - 0.5f;
            NDList out = block.forward(new ParameterStore(m, false),
                    new NDList(m.create(ids, new Shape(7, 3)), m.create(nums, new Shape(7, 2))), false);
            assertEquals(2, out.size());
            assertEquals(new Shape(7), out.get(0).getShape());
            assertEquals(new Shape(7), out.get(1).getShape());
            assertArrayEquals(new Shape[] {new Shape(7), new Shape(7)}, block.getOutputShapes(new Shape[] {new Shape(7, 3), new Shape(7, 2)}));
            // embeddings (40 x 8); shared input 3·8 + 2 = 26 wide → 3 experts (26→32→16), 2 gates (26→3), 2 towers (16→8→1)
            long expected = 40 * 8 + 3 * (26 * 32 + 32 + 32 * 16 + 16) + 2 * (26 * 3 + 3) + 2 * (16 * 8 + 8 + 8 + 1);
            long params = block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(expected, params);
        }
    }

    @Test
    void worksWithOnlyNumericOrOnlyCategoricalInputs() {
        DjlRuntime.start(MmoeTrainer.INTRA_OP_THREADS);
        var config = Synthetic.config();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var numericOnly = new MmoeBlock(config, 0, 4, 0);
            numericOnly.initialize(m, DataType.FLOAT32, numericOnly.inputShapes());
            NDList a = numericOnly.forward(new ParameterStore(m, false),
                    new NDList(m.create(new long[0], new Shape(5, 0)), m.create(new float[20], new Shape(5, 4))), false);
            assertEquals(new Shape(5), a.get(0).getShape());

            var categoricalOnly = new MmoeBlock(config, 2, 0, 10);
            categoricalOnly.initialize(m, DataType.FLOAT32, categoricalOnly.inputShapes());
            NDList b = categoricalOnly.forward(new ParameterStore(m, false),
                    new NDList(m.create(new long[] {1, 2, 3, 4}, new Shape(2, 2)), m.create(new float[0], new Shape(2, 0))), false);
            assertEquals(new Shape(2), b.get(1).getShape());
            assertEquals(2, b.get(0).toFloatArray().length);
        }
    }
}
