package dev.reelrank.model.ranking.drift;

import java.util.List;

/**
 * What a drift monitor compares live rows of one model version against: the bins and training
 * shares of each monitored feature (features without a stored distribution, or excluded because
 * serving fixes them, are simply absent).
 */
public record DriftReference(String modelVersion, List<FeatureBins> features) {
    public DriftReference {
        features = List.copyOf(features);
    }
}
