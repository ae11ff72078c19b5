package dev.reelrank.model.ranking;

/**
 * One candidate's ranking features, laid out by a {@link FeatureSchema}: categorical values as
 * strings (the model maps them to its vocabulary; unknown ones share an out-of-vocabulary slot,
 * {@code ""} means missing) and numeric values already transformed by the feature assembly (log1p of
 * counts, ratios in [0, 1], ...). The model standardizes numerics with the statistics it was
 * trained with.
 */
public record FeatureRow(String[] categorical, float[] numeric) {}
