package dev.reelrank.training;

import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.Labels;
import dev.reelrank.pipeline.evaluation.RankingStages;
import dev.reelrank.pipeline.evaluation.Split;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.pipeline.evaluation.learned.CatalogueSimilarity;
import dev.reelrank.pipeline.evaluation.learned.LearnedRanking;
import dev.reelrank.pipeline.io.Progress;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.ranking.RankingFeatures;
import dev.reelrank.rankingmodel.MmoeConfig;
import dev.reelrank.rankingmodel.MmoeTrainer;
import dev.reelrank.rankingmodel.RankingArtifacts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ranking training run: data set → the evaluator's split → point-in-time examples of the
 * training rows ({@link RankingStages#replay}) → {@link MmoeTrainer} → {@code <out>/mmoe/<version>/}
 * (→ LATEST). The split is the evaluator's, so {@code scripts/evaluate --ranking-model} scores the
 * model on slates it never trained on, over the very feature state the replay ends in.
 */
public final class RankingTraining {
    private RankingTraining() {}

    /**
     * @param dataset            the data set folder (an archive window is exported to one first)
     * @param source             where the rows came from, for the metadata (the archive window, or null)
     * @param holdout            the evaluator's split whose test rows are left out; {@code split} null = none
     * @param positiveWatchRatio overrides the manifest's threshold of a positive label (as evaluate's flag)
     * @param windows            assemble the streaming-window features (as deployments with the streaming job)
     * @param retrievalModel     the two-tower folder (or models root with two-tower/LATEST) whose similarity fills
     *                           x_similarity; null leaves it empty (the model then does not read it when served)
     * @param similarityMissingShare share of examples whose similarity is left out on purpose, so the model learns "unknown"
     */
    public record Options(Path dataset, String source, Path out, String version, boolean promote, MmoeConfig config,
                          TrainOptions.Holdout holdout, Double positiveWatchRatio, boolean windows, Path retrievalModel,
                          double similarityMissingShare) {}

    /** Default of {@code --similarity-missing-share}. */
    public static final double SIMILARITY_MISSING_SHARE = 0.05;

    /** The models root serving reads: its two-tower/LATEST is the retrieval version served, the similarity's default. */
    public static final String SERVED_RETRIEVAL = "ml-artifacts/models";

    public record Outcome(Path artifact, MmoeTrainer.Result result) {}

    public static Outcome run(Options o, List<String> commandLine, PrintStream log) throws IOException {
        var store = new RankingArtifacts(o.out());
        String version = o.version() != null ? RankingArtifacts.checkVersion(o.version()) : RankingArtifacts.newVersion(Clock.systemUTC());
        if (Files.exists(store.versionDir(version))) throw new IllegalArgumentException("model version already exists: " + store.versionDir(version));

        long t0 = System.nanoTime();
        log.println("reading " + o.dataset());
        Dataset d = Dataset.load(o.dataset());
        log.println("dataset: " + String.join(", ", d.describe()));
        Split split = split(d, o.holdout());
        Double ratio = o.positiveWatchRatio() != null ? o.positiveWatchRatio() : d.manifest.positiveWatchRatio();
        var train = new TrainingData(d, split, new Labels(ratio));
        log.println("split: " + split.description() + "; " + (d.rows - split.testRows()) + " training rows of " + d.rows);

        var examples = new ArrayList<TrainingExample>();
        String similarityVersion = null;
        try (var similarity = o.retrievalModel() == null ? null
                : CatalogueSimilarity.open(o.retrievalModel(), train, Path.of(""), log)) {
            if (similarity == null) log.println("two-tower similarity: none (x_similarity stays empty)");
            else similarityVersion = similarity.version();
            var bar = new Progress("replay", exposures(train), log);
            RankingStages.replay(train, o.windows(), similarity == null ? null
                    : similarity.withMissingShare(o.similarityMissingShare(), o.config().seed()), e -> {
                examples.add(e);
                bar.add(1);
            });
            bar.finish();
        }
        double prepSeconds = (System.nanoTime() - t0) / 1e9;
        long clicks = examples.stream().filter(e -> e.click() > 0.5f).count();
        log.printf(Locale.ROOT, "examples: %,d (%,d clicked, %.2f%%), labels: %s (%.1f s)%n", examples.size(), clicks,
                100.0 * clicks / Math.max(1, examples.size()), RankingStages.labels(train).describe(), prepSeconds);

        var trainer = new MmoeTrainer(o.config(), log);
        var result = d.manifest.hasTimestamps() ? trainer.train(version, RankingFeatures.SCHEMA, examples)
                : randomValidation(trainer, version, examples, o.config());
        try (var model = result.model()) {
            var data = new LinkedHashMap<String, Object>();
            data.put("dataset", d.manifest.name());
            data.put("datasetFolder", o.dataset().toString());
            if (o.source() != null) data.put("source", o.source());
            data.put("split", split.description());
            data.put("evaluatorSplit", o.holdout().any() ? Map.of("split", splitKind(d, o.holdout()), "testFraction",
                    o.holdout().testFraction(), "lastN", o.holdout().lastN(), "seed", o.holdout().seed()) : "none: trained on every row");
            data.put("labels", RankingStages.labels(train).describe());
            data.put(LearnedRanking.WINDOWS_KEY, o.windows());
            if (!d.manifest.hasTimestamps()) data.put("validationChoice", "no timestamps: a seeded random share of the examples");
            data.put("examplePreparationSeconds", Math.round(prepSeconds * 10) / 10.0);
            var produced = new LinkedHashMap<String, Object>();
            produced.put("training", String.join(" ", commandLine));
            if (d.manifest.createdBy() != null) produced.put("dataset", d.manifest.createdBy());
            String regenerate = RetrievalTraining.generateCommand(d);
            if (regenerate != null) produced.put("datasetCommand", regenerate);
            if (similarityVersion != null) data.put("similarityMissingShare", o.similarityMissingShare());
            model.annotate(data, produced);
            model.trainedWithSimilarity(similarityVersion);
            Path dir = model.save(o.out());
            if (o.promote()) store.setLatest(version);
            log.printf(Locale.ROOT, "best epoch %d of %d: validation %s%n", result.bestEpoch(), result.epochs().size(), result.validation());
            log.println("wrote " + dir + (o.promote() ? " (LATEST)" : ""));
            return new Outcome(dir, result);
        }
    }

    /**
     * Without times the trainer's "latest rows" are the last users of the file, users the model never
     * saw; the evaluator's test rows (a random share of every user's rows) are of known users, so
     * early stopping would pick the epoch that is best for strangers. A seeded random share matches.
     */
    private static MmoeTrainer.Result randomValidation(MmoeTrainer trainer, String version, List<TrainingExample> examples, MmoeConfig c) {
        var random = new java.util.SplittableRandom(c.seed() ^ 0x5eed);
        var train = new ArrayList<TrainingExample>();
        var validation = new ArrayList<TrainingExample>();
        for (var e : examples) (random.nextDouble() < c.validationFraction() ? validation : train).add(e);
        return trainer.train(version, RankingFeatures.SCHEMA, train, validation);
    }

    /** The evaluator's split (its defaults: time with timestamps, else random per user), or none. */
    static Split split(Dataset d, TrainOptions.Holdout h) {
        if (!h.any()) return new Split(new boolean[d.rows], Dataset.NO_TIME, "none: every row trains");
        return Split.named(d, splitKind(d, h), h.testFraction(), h.lastN(), h.seed());
    }

    private static String splitKind(Dataset d, TrainOptions.Holdout h) {
        return h.split().equals("default") ? Split.defaultKind(d) : h.split();
    }

    /** How many examples the replay will emit: training impressions, or every training row without them. */
    static long exposures(TrainingData train) {
        Dataset d = train.data;
        boolean impressions = d.manifest.hasImpressions();
        long n = 0;
        for (int i = 0; i < d.rows; i++) {
            if (train.split.isTrain(i) && d.video[i] >= 0 && (!impressions || d.action[i] == Action.impression_VALUE)) n++;
        }
        return n;
    }
}
