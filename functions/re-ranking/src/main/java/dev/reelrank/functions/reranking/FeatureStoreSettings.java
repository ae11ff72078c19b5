package dev.reelrank.functions.reranking;

import dev.reelrank.featurestore.FeatureStoreProperties;
import io.smallrye.config.ConfigMapping;

/** {@code reelrank.feature-store.*}: overrides of the feature store's own defaults (see {@link FeatureStoreProperties}). */
@ConfigMapping(prefix = "reelrank.feature-store")
public interface FeatureStoreSettings extends FeatureStoreProperties {}
