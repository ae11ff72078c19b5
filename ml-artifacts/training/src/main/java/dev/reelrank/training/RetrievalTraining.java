package dev.reelrank.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.Split;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.modelartifacts.DjlRuntime;
import dev.reelrank.retrievalmodel.ModelConfig;
import dev.reelrank.retrievalmodel.ModelMetadata;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.retrievalmodel.Vocabularies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One retrieval training run end to end: dataset → examples → model → artifact (→ LATEST). */
public final class RetrievalTraining {
    private RetrievalTraining() {}

    public record Outcome(Path artifact, RetrievalTrainer.Result result) {}

    public static Outcome run(TrainOptions o, List<String> commandLine, PrintStream log) throws IOException {
        DjlRuntime.forTraining();
        var store = new ArtifactStore(o.out());
        String version = o.version() != null ? ArtifactStore.checkVersion(o.version()) : ArtifactStore.newVersion(Clock.systemUTC());
        if (java.nio.file.Files.exists(store.versionDir(version))) throw new IllegalArgumentException("model version already exists: " + store.versionDir(version));

        long t0 = System.nanoTime();
        log.println("reading " + o.dataset());
        Dataset d = Dataset.load(o.dataset());
        log.println("dataset: " + String.join(", ", d.describe()));
        String heldOut = null;
        if (o.holdout().any()) {
            var h = o.holdout();
            Split split = Split.named(d, h.split().equals("default") ? Split.defaultKind(d) : h.split(), h.testFraction(), h.lastN(), h.seed());
            boolean[] keep = new boolean[d.rows];
            for (int i = 0; i < d.rows; i++) keep[i] = split.isTrain(i);
            int before = d.rows;
            d.retainRows(keep);
            heldOut = "evaluator's test rows removed before training: " + split.description() + "; " + (before - d.rows) + " of " + before + " rows";
            log.println(heldOut);
        }

        TwoTowerModel previous = o.warmStart() == null ? null : TwoTowerModel.load(store.versionDir(o.warmStart()));
        ModelConfig config = previous != null ? previous.encoder().config() : ModelConfig.DEFAULTS.withDimension(o.dimension());
        if (previous != null && config.dimension() != o.dimension()) {
            throw new IllegalArgumentException("--warm-start " + o.warmStart() + " has dimension " + config.dimension() + ", not " + o.dimension());
        }
        var limits = ExampleBuilder.VocabularyLimits.DEFAULTS;
        UnaryOperator<Vocabularies> hook = previous == null ? v -> v
                : fresh -> previous.encoder().vocabularies().extendedWith(fresh, limits.maxVideos(), limits.maxOther());
        var rule = ExampleBuilder.ruleFor(d, o.positiveWatchRatio());
        Examples ex = new ExampleBuilder(config, rule, o.validationFraction(), o.maxValidation(), o.seed(), limits, hook).log(log).build(d);
        if (heldOut != null) ex.dataWindow().put("holdout", heldOut);
        double prepSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf("examples: %,d training, %,d validation (%.1f s)%n", ex.trainSize(), ex.validationSize(), prepSeconds);

        // Seed the engine before the parameters are initialized, so a run is repeatable from its seed.
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) o.seed());
        try (TwoTowerModel model = TwoTowerModel.create(config, ex.encoder().vocabularies(), version)) {
            if (previous != null) {
                copyParameters(previous, model);
                previous.close();
            }
            var result = new RetrievalTrainer(o, log).train(model, ex);
            ModelMetadata md = metadata(o, version, config, ex, result, commandLine, d, prepSeconds);
            Path dir = model.save(o.out(), md);
            if (o.promote()) store.setLatest(version);
            log.println("wrote " + dir + (o.promote() ? " (LATEST)" : ""));
            return new Outcome(dir, result);
        }
    }

    /**
     * Warm start: every parameter of the previous model is copied by name; embedding tables copy
     * the rows of the ids they already had (new ids keep their fresh random rows, since
     * vocabularies only grow by appending).
     */
    static void copyParameters(TwoTowerModel from, TwoTowerModel to) {
        Map<String, Parameter> old = new LinkedHashMap<>();
        for (var p : from.block().getParameters()) old.put(p.getKey(), p.getValue());
        for (var p : to.block().getParameters()) {
            Parameter src = old.get(p.getKey());
            if (src == null) continue;
            NDArray dst = p.getValue().getArray();
            float[] values = dst.toFloatArray();
            float[] prev = src.getArray().toFloatArray();
            var ds = dst.getShape();
            var ss = src.getArray().getShape();
            boolean sameTail = ds.dimension() == ss.dimension() && ds.slice(1).equals(ss.slice(1));
            if (!sameTail || prev.length > values.length) {
                throw new IllegalArgumentException("warm start: parameter " + p.getKey() + " has shape " + ss + ", cannot fit " + ds);
            }
            System.arraycopy(prev, 0, values, 0, prev.length);
            dst.set(FloatBuffer.wrap(values));
        }
    }

    /** For generated worlds: the scripts/generate line that recreates the dataset from its manifest. */
    static String generateCommand(Dataset d) {
        Map<String, Object> p = d.manifest.parameters();
        if (!"generated".equals(d.manifest.kind()) || p == null || !p.containsKey("videos")) return null;
        var sb = new StringBuilder("scripts/generate");
        for (String k : List.of("videos", "users", "interactions", "channels")) {
            if (p.get(k) != null) sb.append(" --").append(k).append(' ').append(p.get(k));
        }
        if (d.manifest.seed() != null) sb.append(" --seed ").append(d.manifest.seed());
        return sb.toString();
    }

    private static ModelMetadata metadata(TrainOptions o, String version, ModelConfig config, Examples ex,
                                          RetrievalTrainer.Result r, List<String> commandLine, Dataset d, double prepSeconds) {
        var hyper = new LinkedHashMap<String, Object>();
        hyper.put("epochsMax", o.epochs());
        hyper.put("batch", o.batch());
        hyper.put("negatives", o.negatives());
        hyper.put("negativeSampling", "popularity^" + o.samplingExponent() + " over training positives, shared by the batch");
        hyper.put("loss", "sampled softmax cross-entropy, in-batch + sampled negatives, logQ correction logQWeight*log(B*q + N*p), accidental hits masked");
        hyper.put("logQWeight", o.logQWeight());
        hyper.put("temperature", o.temperature());
        hyper.put("optimizer", "adam");
        hyper.put("learningRate", o.learningRate());
        hyper.put("validationFraction", o.validationFraction());
        hyper.put("earlyStopping", "recall@" + o.recallK() + ", patience " + o.patience());
        hyper.put("seed", o.seed());
        hyper.put("warmStart", o.warmStart());
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("validation", r.best());
        metrics.put("bestEpoch", r.bestEpoch());
        metrics.put("untrained", r.untrained());
        metrics.put("popularityBaseline", r.popularityBaseline());
        metrics.put("epochs", r.epochs());
        metrics.put("secondsPerEpoch", RetrievalTrainer.round(r.secondsPerEpoch()));
        metrics.put("examplePreparationSeconds", RetrievalTrainer.round(prepSeconds));
        metrics.put("note", "recall@K: share of held-out positives ranked in the top K of the whole catalog by exact dot "
                + "product, videos already in the user's recent history excluded");
        var produced = new LinkedHashMap<String, Object>();
        produced.put("training", String.join(" ", commandLine));
        if (d.manifest.createdBy() != null) produced.put("dataset", d.manifest.createdBy());
        if (d.manifest.parameters() != null) produced.put("datasetParameters", d.manifest.parameters());
        if (d.manifest.seed() != null) produced.put("datasetSeed", d.manifest.seed());
        String regenerate = generateCommand(d);
        if (regenerate != null) produced.put("datasetCommand", regenerate);
        produced.put("java", System.getProperty("java.version"));
        produced.put("engine", "DJL PyTorch " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
        return new ModelMetadata(ModelMetadata.FORMAT, version, Instant.now().toString(), config, ex.dataWindow(), hyper,
                metrics, ex.statistics().summary(ex.encoder().vocabularies()), produced, null);
    }
}
