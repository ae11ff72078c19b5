package dev.reelrank.rankingmodel;

import dev.reelrank.modelartifacts.ParameterSnapshot;

import dev.reelrank.modelartifacts.DjlRuntime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.TrainingExample;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains an {@link MmoeModel} on logged impressions: click cross-entropy plus weighted watch-ratio
 * cross-entropy on clicked rows ({@link MmoeLoss}), Adam, shuffled minibatches, validation after
 * every epoch, early stopping that keeps the best epoch's parameters. The kept epoch is the one with
 * the lowest validation value of the training objective itself (both heads), because serving
 * multiplies the heads' outputs and so needs both calibrated, which AUC alone does not measure.
 *
 * <p>Repeatable from the seed as far as the engine allows: the engine's generator is seeded before
 * parameters are initialized and the shuffling uses its own seeded generator; multi-threaded CPU
 * kernels may still differ in the last bits between runs.
 */
public final class MmoeTrainer {
    /**
     * PyTorch intra-op threads for training (and for building an untrained model): one. This network's
     * operations are small, and on the loaded 2-core box an epoch of the test data took 0.1 s with one
     * thread and 2.0 s with two (the second mostly waits to be scheduled). PyTorch reads it once per JVM.
     */
    public static final int INTRA_OP_THREADS = 1;

    private static final int EVAL_CHUNK = 1024;

    private final MmoeConfig config;
    private final PrintStream log;

    public MmoeTrainer(MmoeConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /**
     * What a run produced. {@code model} is open and owned by the caller (close it, or
     * {@link MmoeModel#save} it first); its metadata already holds the metrics and distributions.
     */
    public record Result(MmoeModel model, List<Map<String, Object>> epochs, Map<String, Double> validation,
                         Map<String, Double> untrained, int bestEpoch, double secondsPerEpoch) {}

    /**
     * Trains with the latest {@code validationFraction} of {@code examples} (by time) held out for
     * validation: the model is judged on impressions that happened after everything it learned from,
     * as it will be in production.
     */
    public Result train(String version, FeatureSchema schema, Iterable<TrainingExample> examples) {
        var sorted = new ArrayList<TrainingExample>();
        examples.forEach(sorted::add);
        if (sorted.size() < 2) throw new IllegalArgumentException("need at least 2 examples to train and validate, got " + sorted.size());
        sorted.sort(Comparator.comparingLong(TrainingExample::timeMillis));   // stable: equal times keep their order
        int cut = (int) Math.round(sorted.size() * (1 - config.validationFraction()));
        cut = Math.max(1, Math.min(sorted.size() - 1, cut));
        var train = sorted.subList(0, cut);
        var validation = sorted.subList(cut, sorted.size());
        String split = String.format(Locale.ROOT, "time-ordered: the latest %.0f%% of rows (from %s) held out",
                100 * config.validationFraction(), Instant.ofEpochMilli(validation.getFirst().timeMillis()));
        return train(version, schema, train, validation, split);
    }

    /** Trains on {@code train}, validating on {@code validation} (e.g. a split the evaluator chose). */
    public Result train(String version, FeatureSchema schema, List<TrainingExample> train, List<TrainingExample> validation) {
        return train(version, schema, train, validation, "provided by the caller");
    }

    private Result train(String version, FeatureSchema schema, List<TrainingExample> train, List<TrainingExample> validation, String split) {
        RankingArtifacts.checkVersion(version);
        if (train.isEmpty() || validation.isEmpty()) throw new IllegalArgumentException("training and validation rows must not be empty");
        DjlRuntime.start(MmoeTrainer.INTRA_OP_THREADS);
        long t0 = System.nanoTime();
        var trainRows = new ArrayList<FeatureRow>(train.size());
        for (var e : train) trainRows.add(e.features());
        for (int i = 0; i < validation.size(); i++) FeatureEncoding.checkWidths(schema, validation.get(i).features(), i);
        FeatureEncoding encoding = FeatureEncoding.fit(schema, trainRows, config.minCount(), config.maxVocabulary());
        float cap = config.watchRatioCap() > 0 ? config.watchRatioCap() : largestWatchRatio(train);
        Encoded tr = Encoded.of(encoding, train, cap);
        Encoded va = Encoded.of(encoding, validation, cap);
        log.printf(Locale.ROOT, "mmoe %s: %,d training rows, %,d validation rows (%s); vocabularies %s; watch ratio cap %.3f (%.1f s)%n",
                version, tr.rows, va.rows, split, vocabularySizes(encoding), cap, (System.nanoTime() - t0) / 1e9);

        // Seeded before the parameters are initialized, so a run is repeatable from its seed.
        Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
        MmoeMetadata skeleton = MmoeMetadata.untrained(version, schema, config, cap);
        MmoeModel model = MmoeModel.create(encoding, skeleton);
        try {
            return fit(model, tr, va, train, validation, trainRows, split, cap);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private Result fit(MmoeModel model, Encoded tr, Encoded va, List<TrainingExample> train, List<TrainingExample> validation,
                       List<FeatureRow> trainRows, String split, float cap) {
        MmoeBlock block = model.block();
        NDManager manager = model.manager();
        Engine engine = manager.getEngine();
        var ps = new ParameterStore(manager, false);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build();
        var random = new SplittableRandom(config.seed());

        Map<String, Double> untrained = evaluate(model, va, cap);
        double clickRate = mean(tr.click);
        Map<String, Double> baseline = constantBaseline(va, clickRate);
        log.printf(Locale.ROOT, "untrained: %s | constant click rate %.4f: %s%n", untrained, clickRate, baseline);

        int n = tr.rows, b = Math.min(config.batchSize(), n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var history = new ArrayList<Map<String, Object>>();
        double best = Double.POSITIVE_INFINITY, seconds = 0;
        int bestEpoch = 0, sinceBest = 0;
        byte[] bestParams = null;
        Map<String, Double> bestMetrics = untrained;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            shuffle(order, random);
            long t = System.nanoTime();
            double lossSum = 0;
            int steps = 0;
            var progress = new Progress(String.format(Locale.ROOT, "epoch %d/%d", epoch, config.epochs()), n, log);
            for (int from = 0; from < n; from += b) {
                int to = Math.min(n, from + b);
                lossSum += step(block, manager, engine, ps, adam, tr, order, from, to);
                steps++;
                progress.add(to - from);
            }
            progress.finish();
            double s = (System.nanoTime() - t) / 1e9;
            seconds += s;
            Map<String, Double> metrics = evaluate(model, va, cap);
            var row = new LinkedHashMap<String, Object>();
            row.put("epoch", epoch);
            row.put("trainLoss", round(lossSum / steps));
            row.put("seconds", round(s));
            row.putAll(metrics);
            history.add(row);
            log.printf(Locale.ROOT, "epoch %d: train loss %.4f, %.1f s, validation %s%n", epoch, lossSum / steps, s, metrics);
            double score = metrics.get("objective");
            if (score < best) {
                best = score;
                bestEpoch = epoch;
                bestMetrics = metrics;
                bestParams = ParameterSnapshot.of(block);
                sinceBest = 0;
            } else if (++sinceBest >= config.patience()) {
                log.printf(Locale.ROOT, "early stop: validation objective has not improved for %d epochs (best %.4f at epoch %d)%n",
                        sinceBest, best, bestEpoch);
                break;
            }
        }
        if (bestParams != null) ParameterSnapshot.restore(block, manager, bestParams);
        double perEpoch = seconds / history.size();
        model.metadata(metadata(model, train, validation, trainRows, tr, split, cap, history, bestMetrics, untrained, baseline, bestEpoch, perEpoch));
        return new Result(model, history, bestMetrics, untrained, bestEpoch, perEpoch);
    }

    private float step(MmoeBlock block, NDManager manager, Engine engine, ParameterStore ps, Optimizer adam, Encoded d,
                       int[] order, int from, int to) {
        int rows = to - from, c = d.categorical, f = d.numeric;
        long[] ids = new long[rows * c];
        float[] nums = new float[rows * f];
        float[] click = new float[rows], watch = new float[rows];
        for (int i = 0; i < rows; i++) {
            int e = order[from + i];
            System.arraycopy(d.ids, e * c, ids, i * c, c);
            System.arraycopy(d.nums, e * f, nums, i * f, f);
            click[i] = d.click[e];
            watch[i] = d.watchTarget[e];
        }
        float loss;
        try (NDManager m = manager.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDList out = block.forward(ps, new NDList(m.create(ids, new Shape(rows, c)), m.create(nums, new Shape(rows, f))), true);
            NDArray l = MmoeLoss.total(out.get(0), m.create(click), out.get(1), m.create(watch), config.watchLossWeight());
            gc.backward(l);
            loss = l.getFloat();
        }
        for (Parameter p : block.getParameters().values()) {
            if (!p.requiresGradient()) continue;
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient()) {
                adam.update(p.getId(), w, g);
                g.subi(g);   // PyTorch accumulates gradients; the next step must start from zero
            }
        }
        return loss;
    }

    /** Validation click AUC and log-loss, watch-ratio errors on clicked rows, and the objective the best epoch is chosen by. */
    Map<String, Double> evaluate(MmoeModel model, Encoded d, float cap) {
        float[] p = new float[d.rows], w = new float[d.rows];
        int c = d.categorical, f = d.numeric;
        for (int from = 0; from < d.rows; from += EVAL_CHUNK) {
            int k = Math.min(EVAL_CHUNK, d.rows - from);
            long[] ids = java.util.Arrays.copyOfRange(d.ids, from * c, (from + k) * c);
            float[] nums = java.util.Arrays.copyOfRange(d.nums, from * f, (from + k) * f);
            float[][] logits = model.logits(ids, nums, k);
            for (int i = 0; i < k; i++) {
                p[from + i] = MmoeLoss.sigmoid(logits[0][i]);
                w[from + i] = MmoeLoss.sigmoid(logits[1][i]);
            }
        }
        return metrics(d, p, w, cap);
    }

    private Map<String, Double> metrics(Encoded d, float[] clickProbability, float[] watchFraction, float cap) {
        float[] predictedRatio = new float[d.rows], targetRatio = new float[d.rows];
        for (int i = 0; i < d.rows; i++) {
            predictedRatio[i] = cap * watchFraction[i];
            targetRatio[i] = cap * d.watchTarget[i];
        }
        double clickLoss = ClickMetrics.logLoss(clickProbability, d.click);
        double watchLoss = clickedLogLoss(watchFraction, d.watchTarget, d.click);
        var m = new LinkedHashMap<String, Double>();
        m.put("clickAuc", round(ClickMetrics.auc(clickProbability, d.click)));
        m.put("clickLogLoss", round(clickLoss));
        m.put("meanPredictedClick", round(mean(clickProbability)));
        m.put("clickRate", round(mean(d.click)));
        m.put("watchRatioMae", round(ClickMetrics.meanAbsoluteError(predictedRatio, targetRatio, d.click)));
        m.put("watchRatioRmse", round(ClickMetrics.rootMeanSquaredError(predictedRatio, targetRatio, d.click)));
        m.put("watchLoss", round(watchLoss));
        m.put("objective", round(clickLoss + (Double.isNaN(watchLoss) ? 0 : config.watchLossWeight() * watchLoss)));
        return m;
    }

    /** What predicting the training click rate and mean clicked watch ratio for everyone scores: the bar to clear. */
    private Map<String, Double> constantBaseline(Encoded va, double clickRate) {
        float[] p = new float[va.rows], w = new float[va.rows];
        java.util.Arrays.fill(p, (float) clickRate);
        java.util.Arrays.fill(w, (float) clickedMean(va.watchTarget, va.click));
        var m = metrics(va, p, w, 1f);
        m.keySet().removeIf(k -> k.startsWith("watchRatio"));   // on the fractional scale here; the loss still compares
        return m;
    }

    private static double clickedLogLoss(float[] predicted, float[] target, float[] click) {
        int k = 0;
        for (float x : click) if (x > 0.5f) k++;
        float[] p = new float[k], t = new float[k];
        int j = 0;
        for (int i = 0; i < click.length; i++) if (click[i] > 0.5f) { p[j] = predicted[i]; t[j++] = target[i]; }
        return ClickMetrics.logLoss(p, t);
    }

    private static double clickedMean(float[] x, float[] click) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < x.length; i++) if (click[i] > 0.5f) { s += x[i]; n++; }
        return n == 0 ? 0.5 : s / n;
    }

    private MmoeMetadata metadata(MmoeModel model, List<TrainingExample> train, List<TrainingExample> validation,
                                  List<FeatureRow> trainRows, Encoded tr, String split, float cap,
                                  List<Map<String, Object>> history, Map<String, Double> best, Map<String, Double> untrained,
                                  Map<String, Double> baseline, int bestEpoch, double perEpoch) {
        var data = new LinkedHashMap<String, Object>();
        data.put("trainingRows", train.size());
        data.put("validationRows", validation.size());
        data.put("trainingFrom", Instant.ofEpochMilli(minTime(train)).toString());
        data.put("trainingTo", Instant.ofEpochMilli(maxTime(train)).toString());
        data.put("validationFrom", Instant.ofEpochMilli(minTime(validation)).toString());
        data.put("validationTo", Instant.ofEpochMilli(maxTime(validation)).toString());
        data.put("validationSplit", split);
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("validation", best);
        metrics.put("bestEpoch", bestEpoch);
        metrics.put("untrained", untrained);
        metrics.put("constantBaseline", baseline);
        metrics.put("epochs", history);
        metrics.put("secondsPerEpoch", round(perEpoch));
        metrics.put("note", "click: AUC and log-loss over all validation rows; watch: errors of the expected ratio given a "
                + "play, over clicked validation rows; objective = click log-loss + watchLossWeight x watch cross-entropy, "
                + "the quantity the kept epoch minimizes");
        var produced = new LinkedHashMap<String, Object>();
        produced.put("java", System.getProperty("java.version"));
        produced.put("engine", "DJL PyTorch " + Engine.getEngine("PyTorch").getVersion());
        MmoeMetadata s = model.metadata();
        return new MmoeMetadata(s.format(), s.version(), Instant.now().toString(), s.schema(), MmoeModel.OBJECTIVES,
                config, cap, data, metrics, FeatureDistributions.of(s.schema(), model.encoding(), trainRows),
                FeatureDistributions.labels(tr.click, ratios(train)), produced, null, s.retrievalSimilarity());
    }

    private static float[] ratios(List<TrainingExample> rows) {
        float[] r = new float[rows.size()];
        for (int i = 0; i < r.length; i++) r[i] = rows.get(i).watchRatio();
        return r;
    }

    private static long minTime(List<TrainingExample> rows) {
        long t = Long.MAX_VALUE;
        for (var e : rows) t = Math.min(t, e.timeMillis());
        return t;
    }

    private static long maxTime(List<TrainingExample> rows) {
        long t = Long.MIN_VALUE;
        for (var e : rows) t = Math.max(t, e.timeMillis());
        return t;
    }

    /** The assembly caps the ratio, so the largest clicked label is its cap; 1 when nothing was watched. */
    static float largestWatchRatio(List<TrainingExample> rows) {
        float max = 0;
        for (var e : rows) if (e.click() > 0.5f && Float.isFinite(e.watchRatio())) max = Math.max(max, e.watchRatio());
        return max > 0 ? max : 1f;
    }

    private static Map<String, Integer> vocabularySizes(FeatureEncoding enc) {
        var m = new LinkedHashMap<String, Integer>();
        for (int f = 0; f < enc.categoricalCount(); f++) m.put(enc.schema().categorical().get(f), enc.vocabularies().get(f).size());
        return m;
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float v : x) s += v;
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    static double round(double x) {
        return Double.isNaN(x) ? x : Math.round(x * 1e4) / 1e4;
    }

    /** Examples encoded once into flat arrays, so an epoch only copies slices. */
    record Encoded(int rows, int categorical, int numeric, long[] ids, float[] nums, float[] click, float[] watchTarget) {
        static Encoded of(FeatureEncoding enc, List<TrainingExample> examples, float cap) {
            int n = examples.size(), c = enc.categoricalCount(), f = enc.numericCount();
            long[] ids = new long[n * c];
            float[] nums = new float[n * f], click = new float[n], watch = new float[n];
            for (int i = 0; i < n; i++) {
                TrainingExample e = examples.get(i);
                enc.encode(e.features(), i, ids, nums);
                click[i] = e.click() > 0.5f ? 1f : 0f;
                float r = Float.isFinite(e.watchRatio()) ? e.watchRatio() : 0f;
                watch[i] = Math.max(0f, Math.min(1f, r / cap));
            }
            return new Encoded(n, c, f, ids, nums, click, watch);
        }
    }
}
