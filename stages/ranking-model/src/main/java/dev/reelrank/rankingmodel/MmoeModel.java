package dev.reelrank.rankingmodel;

import dev.reelrank.modelartifacts.FileDigests;

import dev.reelrank.modelartifacts.DjlRuntime;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.reelrank.model.ranking.FeatureBatch;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.RankingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained MMoE ranking model: P(click) and the expected watch ratio given a play, for each
 * {@link FeatureRow}. Serving loads one with {@link #load}/{@link #loadLatest}, calls
 * {@link #warmUp} before reporting ready, then {@link #predict}; {@link MmoeTrainer} creates and
 * trains one and {@link #save}s it.
 *
 * <p>Thread-safe: every call works in its own child NDManager and only reads the (frozen)
 * parameters, so concurrent gRPC calls need no pool or lock. Each call's rows are padded up to
 * the smallest of a few fixed batch sizes (larger requests are split at the largest), because
 * the engine stalls the first time it meets a new input shape; {@link #warmUp} runs every size
 * once so that stall happens before traffic does.
 *
 * <p>Artifact folder: {@code parameters.bin}, {@code vocab/NN-field.txt}, {@code numeric-stats.json},
 * {@code metadata.json}.
 */
public final class MmoeModel implements RankingModel {
    public static final List<String> OBJECTIVES = List.of("click", "watch_ratio");
    public static final String PARAMETERS = "parameters.bin";
    /** 512 is in the list because 500 candidates is the common request: padding it to 1024 would double its cost. */
    public static final List<Integer> DEFAULT_BATCH_SIZES = List.of(16, 64, 256, 512, 1024);

    private final NDManager manager;
    private final MmoeBlock block;
    private final FeatureEncoding encoding;
    private final int[] batchSizes;
    private volatile MmoeMetadata metadata;
    private volatile boolean warm;

    private MmoeModel(NDManager manager, MmoeBlock block, FeatureEncoding encoding, MmoeMetadata metadata, List<Integer> batchSizes) {
        this.manager = manager;
        this.block = block;
        this.encoding = encoding;
        this.metadata = metadata;
        this.batchSizes = checkBatchSizes(batchSizes);
    }

    private static int[] checkBatchSizes(List<Integer> sizes) {
        if (sizes == null || sizes.isEmpty()) throw new IllegalArgumentException("at least one padded batch size is needed");
        int[] s = sizes.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        if (s[0] < 1) throw new IllegalArgumentException("padded batch sizes must be >= 1: " + sizes);
        return s;
    }

    /** A freshly initialized (random) model whose parameters train; used by {@link MmoeTrainer} and tests. */
    public static MmoeModel create(FeatureEncoding encoding, MmoeMetadata metadata) {
        DjlRuntime.start(MmoeTrainer.INTRA_OP_THREADS);
        if (!encoding.schema().equals(metadata.schema())) throw new IllegalArgumentException("metadata schema differs from the encoding's");
        NDManager m = NDManager.newBaseManager("PyTorch");
        try {
            MmoeBlock block = MmoeBlock.of(metadata.config(), encoding);
            block.initialize(m, DataType.FLOAT32, block.inputShapes());
            return new MmoeModel(m, block, encoding, metadata, DEFAULT_BATCH_SIZES);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Loads a version folder {@code <root>/mmoe/<version>/} for inference, with the default padded batch sizes. */
    public static MmoeModel load(Path versionDir) throws IOException {
        return load(versionDir, DEFAULT_BATCH_SIZES);
    }

    /** Loads a version folder for inference; requests are padded to {@code batchSizes} (split at the largest). */
    public static MmoeModel load(Path versionDir, List<Integer> batchSizes) throws IOException {
        DjlRuntime.forServing();
        MmoeMetadata md = MmoeMetadata.read(versionDir);
        md.checkFormat(versionDir);
        FileDigests.verify(versionDir, md.files());
        FeatureEncoding encoding = FeatureEncoding.read(versionDir, md.schema());
        NDManager m = NDManager.newBaseManager("PyTorch");
        try {
            MmoeBlock block = MmoeBlock.of(md.config(), encoding);
            block.initialize(m, DataType.FLOAT32, block.inputShapes());
            try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(versionDir.resolve(PARAMETERS))))) {
                block.loadParameters(m, in);
            } catch (MalformedModelException e) {
                throw new IOException(versionDir + ": parameters do not match the model configuration: " + e.getMessage(), e);
            }
            // Frozen parameters: no autograd graph is recorded, so inference allocates only the activations.
            block.freezeParameters(true);
            return new MmoeModel(m, block, encoding, md, batchSizes);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Loads {@code version} from the models root {@code root} (which holds {@code mmoe/}). */
    public static MmoeModel load(Path root, String version) throws IOException {
        return load(new RankingArtifacts(root).versionDir(version));
    }

    /** Loads the version {@code LATEST} names under {@code <root>/mmoe/}. */
    public static MmoeModel loadLatest(Path root) throws IOException {
        var store = new RankingArtifacts(root);
        String v = store.latest().orElseThrow(() -> new IOException("no mmoe ranking model under " + store.modelsDir()));
        return load(store.versionDir(v));
    }

    /** A version folder as it is (it holds metadata.json), else the LATEST version of a models root. */
    public static MmoeModel loadVersionOrLatest(Path dir) throws IOException {
        return Files.exists(dir.resolve(MmoeMetadata.FILE)) ? load(dir) : loadLatest(dir);
    }

    /** Writes this model as a new version folder {@code <root>/mmoe/<version>/} (LATEST untouched); returns the folder. */
    public Path save(Path root) throws IOException {
        MmoeMetadata md = metadata;
        return new RankingArtifacts(root).publish(md.version(), dir -> {
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS))))) {
                block.saveParameters(out);
            }
            encoding.write(dir);
            md.withFiles(FileDigests.of(dir, MmoeMetadata.FILE)).write(dir);
        });
    }

    /**
     * Throws unless the feature assembly's schema is exactly the one this model was trained on
     * (same names, same order): the cheap check that catches training/serving skew at load time.
     */
    public void requireSchema(FeatureSchema expected) {
        FeatureSchema mine = schema();
        if (mine.equals(expected)) return;
        throw new IllegalStateException("ranking model " + version() + " was trained on a different feature schema: model "
                + mine + ", features " + expected + diff("categorical", mine.categorical(), expected.categorical())
                + diff("numeric", mine.numeric(), expected.numeric()));
    }

    private static String diff(String kind, List<String> model, List<String> features) {
        var missing = new ArrayList<>(model);
        missing.removeAll(features);
        var extra = new ArrayList<>(features);
        extra.removeAll(model);
        if (missing.isEmpty() && extra.isEmpty()) return model.equals(features) ? "" : "; " + kind + " fields are in a different order";
        return "; " + kind + ": the features lack " + missing + " and add " + extra;
    }

    /**
     * One row per input row: {@code [P(click), expected watch ratio given a play]}.
     *
     * @throws IllegalArgumentException when a row's widths differ from {@link #schema()}
     */
    @Override
    public float[][] predict(List<FeatureRow> rows) {
        FeatureSchema schema = encoding.schema();
        for (int i = 0; i < rows.size(); i++) FeatureEncoding.checkWidths(schema, rows.get(i), i);
        return predictPadded(rows.size(), (from, k, ids, nums) -> encoding.encodeAll(rows, from, k, ids, nums));
    }

    /**
     * {@link #predict(List)} on a columnar batch, encoded straight from its arrays (each distinct
     * categorical value looked up once): the same scores, without building rows.
     *
     * @throws IllegalArgumentException when the batch's widths differ from {@link #schema()}
     */
    @Override
    public float[][] predict(FeatureBatch batch) {
        long[][] tableIds = encoding.tableIds(batch);
        return predictPadded(batch.size(), (from, k, ids, nums) -> encoding.encodeAll(batch, tableIds, from, k, ids, nums));
    }

    /** Writes rows {@code [from, from + k)} into the first {@code k} rows of a padded chunk's inputs. */
    @FunctionalInterface
    private interface ChunkEncoder {
        void encode(int from, int k, long[] ids, float[] nums);
    }

    /** {@code n} rows in chunks of at most the largest padded size, each padded, encoded and run. */
    private float[][] predictPadded(int n, ChunkEncoder encoder) {
        int c = encoding.categoricalCount(), f = encoding.numericCount();
        float[][] out = new float[n][];
        int largest = batchSizes[batchSizes.length - 1];
        float cap = metadata.watchRatioCap();
        for (int from = 0; from < n; from += largest) {
            int k = Math.min(largest, n - from);
            int size = paddedSize(k);
            long[] ids = new long[size * c];           // padding rows stay zero: a valid id whose outputs are dropped
            float[] nums = new float[size * f];
            encoder.encode(from, k, ids, nums);
            float[][] logits = logits(ids, nums, size);
            for (int i = 0; i < k; i++) {
                out[from + i] = new float[] {MmoeLoss.sigmoid(logits[0][i]), cap * MmoeLoss.sigmoid(logits[1][i])};
            }
        }
        return out;
    }

    /** The smallest padded size that holds {@code rows} (rows never exceed the largest: callers split). */
    int paddedSize(int rows) {
        for (int s : batchSizes) if (s >= rows) return s;
        return batchSizes[batchSizes.length - 1];
    }

    /** The forward pass on encoded rows: {@code [click logits, watch logits]}, {@code rows} each. */
    float[][] logits(long[] ids, float[] nums, int rows) {
        try (NDManager m = manager.newSubManager()) {
            var in = new NDList(m.create(ids, new Shape(rows, encoding.categoricalCount())),
                    m.create(nums, new Shape(rows, encoding.numericCount())));
            NDList out = block.forward(new ParameterStore(m, false), in, false);
            return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
        }
    }

    /**
     * Runs every padded batch size through the network once, so no request pays the engine's
     * first-shape stall; call before reporting ready. Returns each size's first-run milliseconds.
     */
    public Map<Integer, Double> warmUp() {
        var took = new LinkedHashMap<Integer, Double>();
        for (int size : batchSizes) {
            long t = System.nanoTime();
            logits(new long[size * encoding.categoricalCount()], new float[size * encoding.numericCount()], size);
            took.put(size, (System.nanoTime() - t) / 1e6);
            logits(new long[size * encoding.categoricalCount()], new float[size * encoding.numericCount()], size);
        }
        warm = true;
        return took;
    }

    public boolean warmedUp() {
        return warm;
    }

    public List<Integer> batchSizes() {
        return java.util.Arrays.stream(batchSizes).boxed().toList();
    }

    @Override
    public String version() {
        return metadata.version();
    }

    @Override
    public FeatureSchema schema() {
        return encoding.schema();
    }

    @Override
    public List<String> objectives() {
        return OBJECTIVES;
    }

    public MmoeMetadata metadata() {
        return metadata;
    }

    /**
     * Adds what only the caller knows (which data set or archive window, the split, the command
     * line) to the metadata's {@code data} and {@code producedBy}, before {@link #save}: an artifact
     * must say where its rows came from to be reproducible. Existing keys are overwritten.
     */
    public void annotate(Map<String, Object> data, Map<String, Object> producedBy) {
        MmoeMetadata md = metadata;
        var d = new LinkedHashMap<String, Object>(md.data() == null ? Map.of() : md.data());
        d.putAll(data);
        var p = new LinkedHashMap<String, Object>(md.producedBy() == null ? Map.of() : md.producedBy());
        p.putAll(producedBy);
        metadata = new MmoeMetadata(md.format(), md.version(), md.createdAt(), md.schema(), md.objectives(), md.config(),
                md.watchRatioCap(), d, md.metrics(), md.featureDistributions(), md.labelDistributions(), p, md.files(),
                md.retrievalSimilarity());
    }

    /**
     * Records, before {@link #save}, that the training rows' similarity columns came from the two-tower
     * version {@code retrievalVersion} (null: they were empty). Serving then fills them (see
     * {@link #readsSimilarity()}); only the caller that assembled the rows knows this.
     */
    public void trainedWithSimilarity(String retrievalVersion) {
        metadata = metadata.withRetrievalSimilarity(retrievalVersion == null ? null : MmoeMetadata.RetrievalSimilarity.of(retrievalVersion));
    }

    @Override
    public boolean readsSimilarity() {
        return metadata.readsSimilarity();
    }

    /** The trainer records metrics and distributions once training is done. */
    void metadata(MmoeMetadata md) {
        this.metadata = md;
    }

    public FeatureEncoding encoding() {
        return encoding;
    }

    public MmoeBlock block() {
        return block;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
