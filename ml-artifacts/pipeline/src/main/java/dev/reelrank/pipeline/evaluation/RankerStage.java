package dev.reelrank.pipeline.evaluation;

import dev.reelrank.model.Ranker;

/**
 * A ranker under evaluation.
 *
 * @param probabilistic its scores are click probabilities, so log-loss is meaningful
 */
public record RankerStage(String name, Ranker ranker, boolean probabilistic) {}
