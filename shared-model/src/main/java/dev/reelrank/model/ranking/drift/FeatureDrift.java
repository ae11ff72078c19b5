package dev.reelrank.model.ranking.drift;

/**
 * One feature's comparison over the current window.
 *
 * @param psi          population stability index of the window against training (0 while the window is empty)
 * @param unknownShare share of window rows whose value the model does not know; null for numeric features
 * @param drifted      psi above the threshold, with at least the minimum rows in the window
 */
public record FeatureDrift(String name, String kind, double psi, Double unknownShare, boolean drifted) {}
