package dev.reelrank.model.ranking;

/**
 * One logged impression (or, for data sets without impressions, one exposure) with its outcomes,
 * its features as they were just before it happened (point in time, so nothing it caused leaks in).
 *
 * @param click      1 when the user engaged (clicked / played, or the data set's positive label), else 0
 * @param watchRatio seconds watched divided by the video's duration, capped by the assembly; 0 when not played
 */
public record TrainingExample(String userId, String videoId, long timeMillis, FeatureRow features, float click,
                              float watchRatio) {}
