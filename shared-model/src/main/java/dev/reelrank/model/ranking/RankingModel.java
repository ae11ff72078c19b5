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
     * The same scores for a columnar batch: what serving calls. A model that can read the batch's
     * columns directly overrides this; the default goes through rows, so results never differ.
     */
    default float[][] predict(FeatureBatch batch) {
        return predict(batch.rows());
    }

    @Override
    default void close() {}
}
