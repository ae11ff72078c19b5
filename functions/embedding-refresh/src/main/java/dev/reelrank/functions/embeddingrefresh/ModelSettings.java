package dev.reelrank.functions.embeddingrefresh;

import io.smallrye.config.ConfigMapping;

/** {@code reelrank.refresh.model.*}: the two-tower model whose user tower embeds users; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.refresh.model")
public interface ModelSettings {
    boolean enabled();

    /** A model version folder, or the root holding {@code two-tower/LATEST}. */
    String dir();

    String djlCacheDir();
}
