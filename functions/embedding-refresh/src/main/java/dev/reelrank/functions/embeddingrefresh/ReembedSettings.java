package dev.reelrank.functions.embeddingrefresh;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code reelrank.refresh.reembed.*}: re-embedding recently active users after a model rollout; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.refresh.reembed")
public interface ReembedSettings {
    @WithDefault("true")
    boolean enabled();

    /** Users active on this many processing days (today included) are re-embedded. */
    @WithDefault("7")
    int activeDays();

    /** Users re-embedded at once (each: one Cassandra read, one user-tower call, one write). */
    @WithDefault("4")
    int parallelism();

    @WithDefault("10s")
    Duration progressInterval();

    /** Users whose last marked day is remembered, so only their first event of a day writes to active_users. */
    @WithDefault("100000")
    int rememberedUsers();

    /** Rows per page when a day's active users are read. */
    @WithDefault("1000")
    int pageSize();

    /**
     * How long a replica's claim on a part lasts: past it, another replica takes the part over (the
     * holder is taken for stopped). Keep it above the time one part takes, or parts are done twice.
     */
    @WithDefault("10m")
    Duration claimLease();

    /** How often a replica that finished its own parts looks again at the parts others hold. */
    @WithDefault("15s")
    Duration claimPoll();
}
