package dev.reelrank.retrievalmodel;

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

/**
 * The two towers in one block, so the embedding tables they share (video id, channel, category)
 * are one set of parameters.
 *
 * <p>User tower: weighted mean of the history's video-id embeddings (weights from
 * {@link HistoryWeighting}), weighted means of the top channel and category embeddings
 * (weights = relative affinity), region and device embeddings → MLP → L2 normalization.
 * Video tower: video-id, channel, category embeddings, mean of the hashed-tag embeddings,
 * language, duration-bucket and age-bucket embeddings → MLP → L2 normalization.
 *
 * <p>{@link #forward} takes the user inputs followed by the video inputs (see
 * {@link TowerInputs}) and returns [user vectors [B,d], video vectors [N,d]]; serving calls
 * {@link #userTower} / {@link #videoTower} on their own.
 */
public final class TwoTowerBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Small random start: with ~100k rows, large initial norms would swamp the MLPs. */
    private static final float INIT_SIGMA = 0.05f;
    private static final float EPS = 1e-6f;

    private final ModelConfig config;
    private final Parameter videoEmb, channelEmb, categoryEmb, tagEmb, languageEmb, regionEmb, deviceEmb,
            durationEmb, ageEmb;
    private final SequentialBlock userMlp;
    private final SequentialBlock videoMlp;

    public TwoTowerBlock(ModelConfig config, Vocabularies vocab) {
        super(VERSION);
        this.config = config;
        int e = config.idEmbeddingDim(), s = config.smallEmbeddingDim();
        videoEmb = table("video_id", vocab.videos().size(), e);
        channelEmb = table("channel", vocab.channels().size(), e);
        categoryEmb = table("category", vocab.categories().size(), e);
        tagEmb = table("tag", config.tagBuckets(), config.tagEmbeddingDim());
        languageEmb = table("language", vocab.languages().size(), s);
        regionEmb = table("region", vocab.regions().size(), s);
        deviceEmb = table("device", vocab.devices().size(), s);
        durationEmb = table("duration", Buckets.DURATION_BUCKETS, s);
        ageEmb = table("age", Buckets.AGE_BUCKETS, s);
        userMlp = addChildBlock("user_mlp", mlp(config));
        videoMlp = addChildBlock("video_mlp", mlp(config));
    }

    private Parameter table(String name, int rows, int width) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, width)).optInitializer(new NormalInitializer(INIT_SIGMA)).build());
    }

    private static SequentialBlock mlp(ModelConfig c) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(c.hiddenUnits()).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(c.dimension()).build());
    }

    int userInputWidth() {
        return 3 * config.idEmbeddingDim() + 2 * config.smallEmbeddingDim();
    }

    int videoInputWidth() {
        return 3 * config.idEmbeddingDim() + config.tagEmbeddingDim() + 3 * config.smallEmbeddingDim();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        userMlp.initialize(manager, dataType, new Shape(1, userInputWidth()));
        videoMlp.initialize(manager, dataType, new Shape(1, videoInputWidth()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long n = inputShapes[TowerInputs.USER_ARRAYS].get(0);
        return new Shape[] {new Shape(b, config.dimension()), new Shape(n, config.dimension())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList users = new NDList(TowerInputs.slice(inputs, 0, TowerInputs.USER_ARRAYS));
        NDList videos = new NDList(TowerInputs.slice(inputs, TowerInputs.USER_ARRAYS, TowerInputs.VIDEO_ARRAYS));
        return new NDList(userTower(ps, users, training), videoTower(ps, videos, training));
    }

    /** @return L2-normalized user vectors [B, dimension] */
    public NDArray userTower(ParameterStore ps, NDList in, boolean training) {
        NDArray videoTable = value(ps, videoEmb, in, training);
        NDArray hist = pool(lookup(in.get(0), videoTable), in.get(1));
        NDArray chan = pool(lookup(in.get(2), value(ps, channelEmb, in, training)), in.get(3));
        NDArray cat = pool(lookup(in.get(4), value(ps, categoryEmb, in, training)), in.get(5));
        NDArray region = lookup(in.get(6), value(ps, regionEmb, in, training));
        NDArray device = lookup(in.get(7), value(ps, deviceEmb, in, training));
        NDArray x = NDArrays.concat(new NDList(hist, chan, cat, region, device), 1);
        return l2(userMlp.forward(ps, new NDList(x), training).singletonOrThrow());
    }

    /** @return L2-normalized video vectors [N, dimension] */
    public NDArray videoTower(ParameterStore ps, NDList in, boolean training) {
        NDArray id = lookup(in.get(0), value(ps, videoEmb, in, training));
        NDArray chan = lookup(in.get(1), value(ps, channelEmb, in, training));
        NDArray cat = lookup(in.get(2), value(ps, categoryEmb, in, training));
        NDArray tags = pool(lookup(in.get(3), value(ps, tagEmb, in, training)), in.get(4));
        NDArray lang = lookup(in.get(5), value(ps, languageEmb, in, training));
        NDArray dur = lookup(in.get(6), value(ps, durationEmb, in, training));
        NDArray age = lookup(in.get(7), value(ps, ageEmb, in, training));
        NDArray x = NDArrays.concat(new NDList(id, chan, cat, tags, lang, dur, age), 1);
        return l2(videoMlp.forward(ps, new NDList(x), training).singletonOrThrow());
    }

    private static NDArray value(ParameterStore ps, Parameter p, NDList in, boolean training) {
        return ps.getValue(p, in.head().getDevice(), training);
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Weighted mean over axis 1: [B,L,E] with weights [B,L] → [B,E]; all-zero weights give zeros. */
    private static NDArray pool(NDArray emb, NDArray weights) {
        NDArray w = weights.expandDims(2);
        NDArray sum = emb.mul(w).sum(new int[] {1});
        NDArray total = weights.sum(new int[] {1}, true).maximum(EPS);
        return sum.div(total);
    }

    private static NDArray l2(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
    }

    /** The parameters by name (tables and MLP weights), for warm starts. */
    public ai.djl.nn.ParameterList parameters() {
        return getParameters();
    }
}
