package dev.reelrank.ranking;

import dev.reelrank.model.ranking.FeatureBatch;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.RankingModel;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link CandidateScorer} over any learned {@link RankingModel}: rows from
 * {@link RankingFeatures} at {@link RankingFeatures#SERVING_POSITION}, built as one
 * {@link FeatureBatch} and scored by one {@code predict} per request. Its objectives are the model's, plus {@link #WATCH_SECONDS} (= watch_ratio × the
 * video's duration) when the model predicts {@link #WATCH_RATIO}: the combination wants expected
 * seconds, and only here is the duration at hand.
 *
 * <p>The rows of every scored request go to an optional observer after the model scored them (the
 * drift monitor, which compares "the features served to ranking" with the model's training
 * distributions); it runs on the scoring thread, so it must be cheap and must not throw.
 *
 * <p>A model trained under another schema is refused when the scorer is built: serving it would
 * feed columns to the wrong inputs, silently. A model that does not read the two-tower similarity
 * ({@link RankingModel#readsSimilarity()} false: trained before the feature was wired) gets its
 * similarity columns as it was trained on them, empty, whatever the request carries.
 */
public final class ModelScorer implements CandidateScorer {
    public static final String CLICK = "click";
    public static final String WATCH_RATIO = "watch_ratio";
    public static final String WATCH_SECONDS = "watch_seconds";
    /** Duration assumed for a video whose duration is unknown (expected seconds = ratio × this). */
    public static final double DEFAULT_DURATION_SECONDS = 120;

    private final RankingModel model;
    private final List<String> objectives;
    private final int watchRatioColumn;
    private final double defaultDurationSeconds;
    private final Consumer<List<FeatureRow>> rowsScored;
    private final boolean readsSimilarity;

    public ModelScorer(RankingModel model) {
        this(model, DEFAULT_DURATION_SECONDS);
    }

    public ModelScorer(RankingModel model, double defaultDurationSeconds) {
        this(model, defaultDurationSeconds, rows -> {});
    }

    /** @param rowsScored hears each request's rows (read-only) after the model scored them */
    public ModelScorer(RankingModel model, double defaultDurationSeconds, Consumer<List<FeatureRow>> rowsScored) {
        if (!RankingFeatures.SCHEMA.equals(model.schema())) {
            throw new IllegalArgumentException("model " + model.version() + " was trained on another feature schema than "
                    + "RankingFeatures produces: " + model.schema() + " vs " + RankingFeatures.SCHEMA);
        }
        if (!(defaultDurationSeconds > 0)) throw new IllegalArgumentException("defaultDurationSeconds must be > 0");
        this.model = model;
        this.defaultDurationSeconds = defaultDurationSeconds;
        this.rowsScored = rowsScored;
        this.readsSimilarity = model.readsSimilarity();
        watchRatioColumn = model.objectives().indexOf(WATCH_RATIO);
        var names = new ArrayList<>(model.objectives());
        if (watchRatioColumn >= 0 && !names.contains(WATCH_SECONDS)) names.add(WATCH_SECONDS);
        objectives = List.copyOf(names);
    }

    /** Whether requests' similarities reach the model (else its similarity columns stay empty). */
    public boolean readsSimilarity() {
        return readsSimilarity;
    }

    public RankingModel model() {
        return model;
    }

    @Override
    public String modelVersion() {
        return model.version();
    }

    @Override
    public List<String> objectives() {
        return objectives;
    }

    @Override
    public float[][] score(UserFeatures user, List<VideoFeatures> videos, RankContext context) {
        return score(Request.of(user, videos, context));
    }

    @Override
    public float[][] score(Request r) {
        int n = r.videos().size();
        if (n == 0) return new float[0][];
        var userView = RankingFeatures.user(r.user(), r.nowMillis());
        var ctx = RankingFeatures.Context.of(r.context());
        FeatureBatch rows = RankingFeatures.rows(userView, r.videos(), r.videoIds(), ctx, RankingFeatures.SERVING_POSITION,
                readsSimilarity ? r.similarities() : null);
        float[][] predicted = model.predict(rows);
        if (predicted.length != n) {
            throw new IllegalStateException("model " + model.version() + " returned " + predicted.length + " rows for " + n);
        }
        // A lazy view: rows are built only if the observer reads them (the drift monitor samples requests).
        rowsScored.accept(rows.rows());
        int width = model.objectives().size();
        var out = new float[n][];
        for (int i = 0; i < n; i++) {
            if (predicted[i].length != width) {
                throw new IllegalStateException("model " + model.version() + " returned " + predicted[i].length + " scores for "
                        + width + " objectives");
            }
            if (objectives.size() == width) {
                out[i] = predicted[i];
                continue;
            }
            out[i] = Arrays.copyOf(predicted[i], objectives.size());
            VideoFeatures v = r.videos().get(i);
            double duration = v != null && v.getDurationSeconds() > 0 ? v.getDurationSeconds() : defaultDurationSeconds;
            out[i][width] = (float) (Math.max(0, predicted[i][watchRatioColumn]) * duration);
        }
        return out;
    }
}
