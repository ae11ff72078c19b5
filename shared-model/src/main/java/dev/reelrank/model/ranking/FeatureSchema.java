package dev.reelrank.model.ranking;

import java.util.List;

/**
 * The names, in order, of the columns of every {@link FeatureRow} a ranking model reads. A model
 * artifact stores the schema it was trained with; serving refuses a model whose schema differs from
 * the one the feature assembly produces, which is how training/serving skew is caught at load time
 * instead of as silently worse feeds.
 */
public record FeatureSchema(List<String> categorical, List<String> numeric) {
    public FeatureSchema {
        categorical = List.copyOf(categorical);
        numeric = List.copyOf(numeric);
    }
}
