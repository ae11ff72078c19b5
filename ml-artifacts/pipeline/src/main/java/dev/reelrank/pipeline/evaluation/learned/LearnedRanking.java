package dev.reelrank.pipeline.evaluation.learned;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.RankerStage;
import dev.reelrank.pipeline.evaluation.RankingStages;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.ranking.ModelScorer;
import dev.reelrank.ranking.RankingFeatures;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.ranking.StageRanker;
import dev.reelrank.rankingmodel.MmoeModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A trained MMoE ranking artifact as an evaluator ranker row: the product's {@code ModelScorer}
 * (through {@link RankingStages#model}) over the feature store that replaying the training rows
 * leaves behind, which is what the model's own training examples were assembled from. So the test
 * slates are scored with exactly the features an online store fed by the training events would serve.
 */
public final class LearnedRanking implements AutoCloseable {
    /** Metadata key (under {@code data}) that says whether training saw the streaming windows. */
    public static final String WINDOWS_KEY = "streamingWindows";

    private final MmoeModel model;
    private final CatalogueSimilarity similarity;
    private final RankerStage stage, clickHead;
    private final StageRanker served;
    private final boolean windows;
    private final long examples;
    private final Object dataset;

    private LearnedRanking(MmoeModel model, CatalogueSimilarity similarity, RankerStage stage, RankerStage clickHead, StageRanker served,
                           boolean windows, long examples, Object dataset) {
        this.model = model;
        this.similarity = similarity;
        this.stage = stage;
        this.clickHead = clickHead;
        this.served = served;
        this.windows = windows;
        this.examples = examples;
        this.dataset = dataset;
    }

    /** @param dir a version folder or a models root with mmoe/LATEST */
    public static LearnedRanking open(Path dir, TrainingData train, PrintStream log) {
        return open(dir, null, Path.of(""), train, log);
    }

    /**
     * @param dir            a version folder or a models root with mmoe/LATEST
     * @param retrievalModel the two-tower folder of a model that reads the similarity; null: the version its
     *                       metadata names, beside the ranking model or under {@code home/ml-artifacts/models}
     */
    public static LearnedRanking open(Path dir, Path retrievalModel, Path home, TrainingData train, PrintStream log) {
        MmoeModel model;
        try {
            model = MmoeModel.loadVersionOrLatest(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the ranking model " + dir + ": " + e.getMessage(), e);
        }
        CatalogueSimilarity similarity = null;
        try {
            model.requireSchema(RankingFeatures.SCHEMA);
            Map<String, Object> data = model.metadata().data();
            boolean windows = !(data.get(WINDOWS_KEY) instanceof Boolean b) || b;
            Object trainedOn = data.get("dataset");
            if (log != null && trainedOn != null && !trainedOn.equals(train.data.manifest.name())) {
                log.println("warning: ranking model " + model.version() + " was trained on " + trainedOn + ", evaluated on "
                        + train.data.manifest.name());
            }
            long t0 = System.nanoTime();
            long[] n = new long[1];
            FeatureStore state = RankingStages.replay(train, windows, e -> n[0]++).state();
            if (log != null) {
                log.printf(Locale.ROOT, "ranking model %s: replayed the training rows (%,d exposures) in %.1f s%n", model.version(), n[0],
                        (System.nanoTime() - t0) / 1e9);
            }
            model.warmUp();
            similarity = similarityOf(model, dir, retrievalModel, home, train, log);
            CandidateSimilarity sim = similarity == null ? null : similarity.similarity();
            // The click head alone: its scores are probabilities, so this row has a log-loss and is the
            // one to compare with video-prior's click AUC; the served order multiplies in expected watch time.
            var click = new StageRanker(state, new ModelScorer(model), new ScoreCombiner(Map.of(ModelScorer.CLICK, 1.0)),
                    () -> train.split.now() == Dataset.NO_TIME ? 0 : train.split.now(), sim);
            // Combined as feed-assembly combines a learned model's objectives by default (its weights and
            // its retrieval window), so a feed row ranked by it is the served Home feed's order.
            var served = new StageRanker(state, new ModelScorer(model), ScoreCombiner.SERVING_DEFAULT,
                    () -> train.split.now() == Dataset.NO_TIME ? 0 : train.split.now(), sim);
            return new LearnedRanking(model, similarity, RankingStages.model(train, state, model, sim),
                    new RankerStage(model.version() + ":click", click, true), served, windows, n[0], trainedOn);
        } catch (RuntimeException e) {
            if (similarity != null) similarity.close();
            model.close();
            throw e;
        }
    }

    /**
     * The two-tower similarity a model that reads it is scored with (null for a model that does not):
     * the version its training used, unless {@code explicit} says otherwise (then a warning: the
     * feature's distribution moves with the version).
     */
    private static CatalogueSimilarity similarityOf(MmoeModel model, Path dir, Path explicit, Path home, TrainingData train,
                                                    PrintStream log) {
        if (!model.readsSimilarity()) return null;
        String version = model.metadata().retrievalSimilarity().retrievalVersion();
        Path tt = CatalogueSimilarity.locate(version, explicit, dir, home.resolve("ml-artifacts/models")).orElseThrow(() ->
                new IllegalArgumentException("ranking model " + model.version() + " reads the two-tower similarity of " + version
                        + ", which is neither beside it nor under ml-artifacts/models: pass --retrieval-model DIR"));
        var sim = CatalogueSimilarity.open(tt, train, home, log);
        if (log != null && !sim.version().equals(version)) {
            log.println("warning: ranking model " + model.version() + " was trained with the similarity of " + version
                    + ", scored with " + sim.version());
        }
        return sim;
    }

    public RankerStage stage() {
        return stage;
    }

    /** The model as feed-assembly ranks with it by default (ScoreCombiner.SERVING_DEFAULT), for feed rows. */
    public StageRanker served() {
        return served;
    }

    public String version() {
        return model.version();
    }

    public RankerStage clickHead() {
        return clickHead;
    }

    public String describeClickHead() {
        return "the same model's click probability alone (ModelScorer's click objective, same features)";
    }

    public String describe() {
        return String.format(Locale.ROOT, "the learned MMoE %s through stages/ranking's ModelScorer (click x expected watch, as served; "
                + "position fixed at 0) over the features replayed from the %,d training exposures%s; trained on %s; %s",
                model.version(), examples, windows ? " with streaming windows" : " without streaming windows",
                dataset == null ? "an unnamed data set" : dataset,
                similarity == null ? "no two-tower similarity" : "two-tower similarity of " + similarity.version());
    }

    @Override
    public void close() {
        if (similarity != null) similarity.close();
        model.close();
    }
}
