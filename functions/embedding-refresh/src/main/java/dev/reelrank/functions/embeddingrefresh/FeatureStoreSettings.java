package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.featurestore.FeatureStoreProperties;
import io.smallrye.config.ConfigMapping;

/**
 * {@code reelrank.feature-store.*}; documented in application.properties, which sets every one of
 * them (an unset one would keep the library default, see {@link FeatureStoreProperties}).
 */
@ConfigMapping(prefix = "reelrank.feature-store")
public interface FeatureStoreSettings extends FeatureStoreProperties {}
