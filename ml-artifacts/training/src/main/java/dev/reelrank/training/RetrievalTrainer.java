package dev.reelrank.training;

import dev.reelrank.modelartifacts.ParameterSnapshot;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.reelrank.pipeline.io.Progress;
import dev.reelrank.retrievalmodel.Buckets;
import dev.reelrank.retrievalmodel.EncodedUser;
import dev.reelrank.retrievalmodel.EncodedVideo;
import dev.reelrank.retrievalmodel.TwoTowerBlock;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.ArraySampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Trains a {@link TwoTowerModel} on {@link Examples}: sampled softmax with in-batch and
 * popularity-sampled negatives and the logQ correction ({@link SampledSoftmaxLoss}), Adam,
 * validation recall@K after every epoch, early stopping that keeps the best epoch's parameters.
 */
public final class RetrievalTrainer {
    private final TrainOptions options;
    private final PrintStream log;

    public RetrievalTrainer(TrainOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** What a run produced: per-epoch history and the final metrics (of the restored best epoch). */
    public record Result(List<Map<String, Object>> epochs, Map<String, Double> untrained, Map<String, Double> best,
                         Map<String, Double> popularityBaseline, int bestEpoch, double secondsPerEpoch) {}

    public Result train(TwoTowerModel model, Examples ex) {
        TwoTowerBlock block = model.block();
        NDManager manager = model.manager();
        Engine engine = manager.getEngine();
        var ps = new ParameterStore(manager, false);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(options.learningRate())).build();

        int n = ex.trainSize();
        int b = Math.min(options.batch(), n);
        double[] share = new double[ex.catalog().size()];
        double[] weights = new double[share.length];
        long total = 0;
        for (long c : ex.positiveCounts()) total += c;
        for (int v = 0; v < share.length; v++) {
            share[v] = ex.positiveCounts()[v] / (double) total;
            weights[v] = ex.positiveCounts()[v] == 0 ? 0 : Math.pow(ex.positiveCounts()[v], options.samplingExponent());
        }
        UniformRandomProvider random = RandomSource.SPLIT_MIX_64.create(options.seed());
        var sampler = new NegativeSampler(weights, random);

        Map<String, Double> untrained = evaluate(model, ex);
        Map<String, Double> popularity = popularityBaseline(ex);
        log.printf(Locale.ROOT, "untrained model: %s | popularity baseline: %s%n", untrained, popularity);

        var history = new ArrayList<Map<String, Object>>();
        String key = "recall@" + options.recallK();
        double bestScore = -1;
        int bestEpoch = 0, sinceBest = 0;
        byte[] bestParams = null;
        Map<String, Double> bestMetrics = untrained;
        double trainSeconds = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int steps = (n + b - 1) / b;

        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            ArraySampler.shuffle(random, order);
            long t0 = System.nanoTime();
            double lossSum = 0;
            var progress = new Progress(String.format(Locale.ROOT, "epoch %d/%d", epoch, options.epochs()), n, log);
            for (int s = 0; s < steps; s++) {
                int from = s * b, to = Math.min(n, from + b);
                if (to - from < 2) break;   // a softmax over one row has no in-batch negatives
                lossSum += step(block, manager, engine, ps, adam, ex, order, from, to, sampler, share);
                progress.add(to - from);
            }
            progress.finish();
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainSeconds += seconds;
            Map<String, Double> metrics = evaluate(model, ex);
            double score = metrics.get(key) == null ? RecallEvaluator.at(new int[0], 1) : metrics.get(key);
            var row = new LinkedHashMap<String, Object>();
            row.put("epoch", epoch);
            row.put("loss", round(lossSum / steps));
            row.put("seconds", round(seconds));
            row.putAll(metrics);
            history.add(row);
            log.printf(Locale.ROOT, "epoch %d: loss %.4f, %.1f s, validation %s%n", epoch, lossSum / steps, seconds, metrics);
            if (score > bestScore) {
                bestScore = score;
                bestEpoch = epoch;
                bestMetrics = metrics;
                bestParams = ParameterSnapshot.of(block);
                sinceBest = 0;
            } else if (++sinceBest >= options.patience()) {
                log.printf(Locale.ROOT, "early stop: %s has not improved for %d epochs (best %.4f at epoch %d)%n",
                        key, sinceBest, bestScore, bestEpoch);
                break;
            }
        }
        if (bestParams != null) ParameterSnapshot.restore(block, manager, bestParams);
        return new Result(history, untrained, bestMetrics, popularity, bestEpoch, trainSeconds / history.size());
    }

    private float step(TwoTowerBlock block, NDManager manager, Engine engine, ParameterStore ps, Optimizer adam,
                       Examples ex, int[] order, int from, int to, NegativeSampler sampler, double[] share) {
        int rows = to - from;
        int cols = rows + options.negatives();
        var users = new ArrayList<EncodedUser>(rows);
        var videos = new ArrayList<EncodedVideo>(cols);
        int[] vid = new int[cols];
        long batchTime = Long.MIN_VALUE;
        for (int i = 0; i < rows; i++) {
            int e = order[from + i];
            users.add(ex.trainUsers().get(e));
            vid[i] = ex.trainVideo()[e];
            videos.add(ex.staticVideos()[vid[i]].atAge(ex.trainAge()[e]));
            batchTime = Math.max(batchTime, ex.trainTime()[e]);
        }
        Instant asOf = batchTime == Long.MIN_VALUE ? null : Instant.ofEpochMilli(batchTime);
        for (int j = rows; j < cols; j++) {
            vid[j] = sampler.sample();
            videos.add(ex.staticVideos()[vid[j]].atAge(Buckets.age(ex.publishedMs()[vid[j]], asOf)));
        }
        float[] logQ = new float[cols];
        for (int j = 0; j < cols; j++) {
            logQ[j] = SampledSoftmaxLoss.correction(options.logQWeight(), share[vid[j]], sampler.probability(vid[j]), rows, options.negatives());
        }
        float[] mask = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) if (j != i && vid[j] == vid[i]) mask[i * cols + j] = 1f;
        }
        float loss;
        try (NDManager m = manager.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray u = block.userTower(ps, dev.reelrank.retrievalmodel.TowerInputs.users(m, users), true);
            NDArray v = block.videoTower(ps, dev.reelrank.retrievalmodel.TowerInputs.videos(m, videos), true);
            NDArray l = SampledSoftmaxLoss.loss(u, v, m.create(logQ), m.create(mask, new Shape(rows, cols)), options.temperature());
            gc.backward(l);
            loss = l.getFloat();
        }
        for (Parameter p : block.getParameters().values()) {
            NDArray w = p.getArray();
            if (!p.requiresGradient()) continue;
            try (NDArray g = w.getGradient()) {
                adam.update(p.getId(), w, g);
                g.subi(g);   // PyTorch accumulates gradients; start the next step from zero
            }
        }
        return loss;
    }

    /** Recall@K of the model over the held-out examples, scoring the whole catalog. */
    Map<String, Double> evaluate(TwoTowerModel model, Examples ex) {
        int nv = ex.catalog().size();
        Instant asOf = Instant.ofEpochMilli(ex.validationAsOfMs());
        var videos = new ArrayList<EncodedVideo>(nv);
        for (int v = 0; v < nv; v++) videos.add(ex.staticVideos()[v].atAge(Buckets.age(ex.publishedMs()[v], asOf)));
        float[][] vv = model.embedVideos(videos);
        float[][] uu = model.userEmbeddings(ex.validationUsers());
        int[] ranks = new int[uu.length];
        float[] scores = new float[nv];
        for (int i = 0; i < uu.length; i++) {
            float[] u = uu[i];
            for (int v = 0; v < nv; v++) {
                float[] x = vv[v];
                float s = 0;
                for (int k = 0; k < u.length; k++) s += u[k] * x[k];
                scores[v] = s;
            }
            ranks[i] = RecallEvaluator.rank(scores, ex.validationVideo()[i], ex.validationSeen()[i]);
        }
        return RecallEvaluator.recall(ranks);
    }

    /** Recommending the most popular training videos to everyone: the bar a learned model must clear. */
    static Map<String, Double> popularityBaseline(Examples ex) {
        float[] scores = new float[ex.catalog().size()];
        for (int v = 0; v < scores.length; v++) scores[v] = ex.positiveCounts()[v];
        int[] ranks = new int[ex.validationSize()];
        for (int i = 0; i < ranks.length; i++) ranks[i] = RecallEvaluator.rank(scores, ex.validationVideo()[i], ex.validationSeen()[i]);
        return RecallEvaluator.recall(ranks);
    }

    static double round(double x) {
        return Math.round(x * 1e4) / 1e4;
    }
}
