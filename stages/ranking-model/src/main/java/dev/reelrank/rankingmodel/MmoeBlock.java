package dev.reelrank.rankingmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-gate mixture of experts over one shared input layer.
 *
 * <p>Input: {@code ids} int64 [B, C] (each already offset into its field's rows of one stacked
 * embedding table, see {@link FeatureEncoding}) and {@code numerics} float32 [B, N] (standardized).
 * The shared input is the C embeddings concatenated with the N numerics. Each of the E experts is
 * an MLP with ReLU after every layer; each task has a softmax gate over the experts (a linear map
 * of the shared input) and a tower over its gate's mixture of expert outputs.
 *
 * <p>Output: [click logit [B], watch logit [B]]. Both are logits so training can use the stable
 * cross-entropy-with-logits form; {@link MmoeModel} turns them into P(click) and an expected
 * watch ratio in [0, cap] (see {@link MmoeLoss} for why the watch head is a scaled sigmoid).
 *
 * <p>The fields' tables are rows of one parameter rather than C parameters: a request then costs
 * one gather instead of C, which matters at 500 candidates and a few milliseconds of budget.
 */
public final class MmoeBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    public static final int TASKS = 2;
    /** Small random start: large initial embeddings would drown the standardized numerics. */
    private static final float INIT_SIGMA = 0.05f;

    private final MmoeConfig config;
    private final int categorical, numeric, tableRows;
    private final Parameter table;
    private final List<SequentialBlock> experts = new ArrayList<>();
    private final List<Linear> gates = new ArrayList<>();
    private final List<SequentialBlock> towers = new ArrayList<>();

    public MmoeBlock(MmoeConfig config, int categorical, int numeric, int tableRows) {
        super(VERSION);
        if (categorical + numeric == 0) throw new IllegalArgumentException("an MMoE needs at least one input feature");
        this.config = config;
        this.categorical = categorical;
        this.numeric = numeric;
        this.tableRows = Math.max(1, tableRows);
        table = categorical == 0 ? null : addParameter(Parameter.builder().setName("embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(this.tableRows, config.embeddingDim())).optInitializer(new NormalInitializer(INIT_SIGMA)).build());
        for (int e = 0; e < config.experts(); e++) {
            var mlp = new SequentialBlock();
            for (int w : config.expertHidden()) mlp.add(Linear.builder().setUnits(w).build()).add(Activation::relu);
            experts.add(addChildBlock("expert" + e, mlp));
        }
        for (int t = 0; t < TASKS; t++) gates.add(addChildBlock("gate" + t, Linear.builder().setUnits(config.experts()).build()));
        for (int t = 0; t < TASKS; t++) {
            var mlp = new SequentialBlock();
            for (int w : config.towerHidden()) mlp.add(Linear.builder().setUnits(w).build()).add(Activation::relu);
            mlp.add(Linear.builder().setUnits(1).build());
            towers.add(addChildBlock("tower" + t, mlp));
        }
    }

    public static MmoeBlock of(MmoeConfig config, FeatureEncoding encoding) {
        return new MmoeBlock(config, encoding.categoricalCount(), encoding.numericCount(), encoding.tableRows());
    }

    /** Shapes to {@link #initialize} with (batch 1). */
    public Shape[] inputShapes() {
        return new Shape[] {new Shape(1, categorical), new Shape(1, numeric)};
    }

    int inputWidth() {
        return categorical * config.embeddingDim() + numeric;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shared = new Shape(1, inputWidth());
        for (var e : experts) e.initialize(manager, dataType, shared);
        for (var g : gates) g.initialize(manager, dataType, shared);
        Shape mixed = new Shape(1, config.expertOutput());
        for (var t : towers) t.initialize(manager, dataType, mixed);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b), new Shape(b)};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0), nums = inputs.get(1);
        long b = ids.getShape().get(0);
        NDArray x;
        if (categorical == 0) {
            x = nums;
        } else {
            NDArray emb = Embedding.embedding(ids, ps.getValue(table, ids.getDevice(), training), SparseFormat.DENSE)
                    .singletonOrThrow().reshape(b, (long) categorical * config.embeddingDim());
            x = numeric == 0 ? emb : NDArrays.concat(new NDList(emb, nums), 1);
        }
        var outs = new NDList(experts.size());
        for (var e : experts) outs.add(e.forward(ps, new NDList(x), training).singletonOrThrow());
        NDArray stacked = NDArrays.stack(outs, 1);                                   // [B, E, D]
        var result = new NDList(TASKS);
        for (int t = 0; t < TASKS; t++) {
            NDArray gate = gates.get(t).forward(ps, new NDList(x), training).singletonOrThrow().softmax(1);   // [B, E]
            NDArray mixed = stacked.mul(gate.expandDims(2)).sum(new int[] {1});      // [B, D]
            result.add(towers.get(t).forward(ps, new NDList(mixed), training).singletonOrThrow().reshape(b));
        }
        return result;
    }

    public MmoeConfig config() {
        return config;
    }
}
