package dev.reelrank.functions.reranking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Feature drift monitoring of the served ranking model; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.drift")
public interface DriftSettings {
    @WithDefault("true")
    boolean enabled();

    /** A feature drifts when its PSI exceeds this. */
    @WithDefault("0.2")
    double threshold();

    /** ... and the window holds at least this many rows. */
    @WithDefault("10000")
    long minRows();

    /** Rows the sliding window holds at most. */
    @WithDefault("50000")
    long window();

    /** Sub-windows the window slides by. */
    @WithDefault("10")
    int windowSlots();

    /** The rows of one Rank call in this many are counted. */
    @WithDefault("10")
    int sampleEvery();

    /** Sampled calls' rows waiting for the counting thread at most (more are dropped). */
    @WithDefault("4")
    int queue();

    /** Floor of a bin's share in the PSI. */
    @WithDefault("0.0001")
    double epsilon();

    /** Features not monitored (serving fixes them on purpose). */
    @WithDefault("log_position")
    List<String> exclude();
}
