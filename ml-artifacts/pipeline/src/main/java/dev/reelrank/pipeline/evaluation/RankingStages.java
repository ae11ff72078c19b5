package dev.reelrank.pipeline.evaluation;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.VideoMetadata;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.model.ranking.RankingModel;
import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.ranking.HeuristicScorer;
import dev.reelrank.ranking.LabelRule;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.ranking.StageRanker;
import dev.reelrank.ranking.TrainingExamples;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The ranking stage (stages/ranking) as the evaluator scores it and the ranker's training reads it:
 * the same {@link StageRanker} the product runs, and point-in-time {@link TrainingExamples} of a
 * data set's training rows, labelled the way the evaluator's ranking metrics label test slates.
 */
public final class RankingStages {
    private RankingStages() {}

    /** The time the evaluator's requests are made at, as the stage's clock (0 for data without times). */
    static long now(TrainingData train) {
        long now = train.split.now();
        return now == Dataset.NO_TIME ? 0 : now;
    }

    /** {@code heuristic-v0} with re-ranking's defaults, ordered by its own scores (what the ranking metrics compare). */
    public static RankerStage heuristic(TrainingData train, FeatureStore features) {
        var scorer = new HeuristicScorer(HeuristicScorer.Params.DEFAULTS);
        var ranker = new StageRanker(features, scorer, ScoreCombiner.defaultFor(scorer.objectives()), () -> now(train));
        return new RankerStage("ranking-stage(" + scorer.modelVersion() + ")", ranker, false);
    }

    /**
     * A learned model through the stage's {@code ModelScorer}, combined as its objectives call for.
     * {@code features} should be {@link #replay}'s state, the features the model was trained on.
     */
    public static RankerStage model(TrainingData train, FeatureStore features, RankingModel model) {
        return model(train, features, model, null);
    }

    /** {@link #model(TrainingData, FeatureStore, RankingModel)} with the candidates' two-tower similarity (null: none). */
    public static RankerStage model(TrainingData train, FeatureStore features, RankingModel model, CandidateSimilarity similarity) {
        var ranker = StageRanker.model(features, model, () -> now(train), similarity);
        return new RankerStage("ranking-stage(" + model.version() + ")", ranker, false);
    }

    /** The label rule the evaluator's ranking metrics use on this data set. */
    public static LabelRule labels(TrainingData train) {
        return LabelRule.forData(train.data.manifest.hasImpressions(), train.labels.positiveWatchRatio());
    }

    /**
     * Replays the training rows (all users, in time order) through {@link TrainingExamples}; examples
     * go to {@code out}. The returned replay's {@code state()} is the feature store at the split time.
     */
    public static TrainingExamples replay(TrainingData train, boolean windows, Consumer<TrainingExample> out) {
        return replay(train, windows, null, out);
    }

    /** {@link #replay(TrainingData, boolean, Consumer)} with each example's two-tower similarity (null: the column stays empty). */
    public static TrainingExamples replay(TrainingData train, boolean windows, CandidateSimilarity similarity, Consumer<TrainingExample> out) {
        Dataset d = train.data;
        var catalogue = new VideoFeatures[d.videoCount()];
        var examples = new TrainingExamples(new TrainingExamples.Config(labels(train), UserFeatureUpdater.DEFAULTS, windows),
                id -> {
                    int v = d.videos.find(id);
                    if (v < 0) return null;
                    if (catalogue[v] == null) catalogue[v] = VideoMetadata.features(d.videoPublished(v));
                    return catalogue[v];
                },
                id -> {
                    int u = d.users.find(id);
                    var b = UserFeatures.newBuilder().setUserId(id);
                    if (u >= 0 && d.userRegion[u] >= 0) b.setHomeRegion(d.regions.value(d.userRegion[u]));
                    return b.build();
                }, similarity);
        examples.replay(trainingRowsInTimeOrder(train), out);
        return examples;
    }

    /**
     * The training rows as events, ordered by time across users (stable: file order within a time).
     * Rows without times keep file order, which is per user.
     */
    static Iterator<Interaction> trainingRowsInTimeOrder(TrainingData train) {
        Dataset d = train.data;
        int n = 0;
        for (int i = 0; i < d.rows; i++) if (train.split.isTrain(i)) n++;
        Integer[] rows = new Integer[n];
        n = 0;
        for (int i = 0; i < d.rows; i++) if (train.split.isTrain(i)) rows[n++] = i;
        Arrays.sort(rows, (a, b) -> Long.compare(d.time[a] == Dataset.NO_TIME ? Long.MIN_VALUE : d.time[a],
                d.time[b] == Dataset.NO_TIME ? Long.MIN_VALUE : d.time[b]));
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < rows.length;
            }

            @Override
            public Interaction next() {
                if (!hasNext()) throw new NoSuchElementException();
                return d.interaction(rows[next++]);
            }
        };
    }
}
