package dev.reelrank.model.ranking;

import java.util.List;

/**
 * A learned ranking model: one row of objective scores per feature row. Implementations must be
 * thread-safe; they may batch or pad internally.
 */
public interface RankingModel extends AutoCloseable {
    String version();

    FeatureSchema schema();

    /** Objective names in column order of {@link #predict}, e.g. {@code click}, {@code watch_ratio}. */
    List<String> objectives();

    float[][] predict(List<FeatureRow> rows);

    /**
     * Whether the model was trained with the two-tower similarity columns filled
     * ({@link CandidateSimilarity}). A model trained before the feature was wired saw them constant
     * (flag 0, value 0) and never learned weights for them, so serving must keep them so for it:
     * callers mask the similarities of a model that answers false, which scores it exactly as before.
     */
    default boolean readsSimilarity() {
        return false;
    }

    /**
     * The same scores for a columnar batch: what serving calls. A model that can read the batch's
     * columns directly overrides this; the default goes through rows, so results never differ.
     */
    default float[][] predict(FeatureBatch batch) {
        return predict(batch.rows());
    }

    @Override
    default void close() {}
}
