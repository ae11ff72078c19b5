package dev.reelrank.model.ranking.drift;

import java.util.List;

/** The drift of every monitored feature of the served model version, over the current window. */
public record DriftReport(String modelVersion, long windowRows, double threshold, List<FeatureDrift> features) {
    public DriftReport {
        features = List.copyOf(features);
    }
}
