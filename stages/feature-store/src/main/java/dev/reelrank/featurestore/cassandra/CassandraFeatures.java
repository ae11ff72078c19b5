package dev.reelrank.featurestore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.reelrank.featurestore.AsyncGate;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.Lazy;

/**
 * The durable side of the feature store: keyspace {@code reelrank} over one session, one class
 * per table family, all built (their statements prepared) at once:
 * <ul>
 *   <li>{@link #videos()}: {@code video_features}, {@code video_counters}, and the streaming job's
 *       {@code video_stream_stats} (read only);</li>
 *   <li>{@link #users()}: {@code user_features} and {@code user_history};</li>
 *   <li>{@link #popularity()}: {@code video_popularity};</li>
 *   <li>{@link #signals()}: the retrieval signals' {@code channel_uploads} and {@code fresh_uploads},
 *       prepared on first use only, so a reader or writer that never touches them does not need
 *       their tables (V002) to exist.</li>
 * </ul>
 * Every call is async; tables are named with their keyspace so the session needs none.
 *
 * <p>Errors are not caught here: callers decide (the read path lets them reach the feed pipeline,
 * the writer lets them reach the consumer, which retries and never commits a failed event).
 */
public final class CassandraFeatures {
    private final CassandraVideos videos;
    private final CassandraUsers users;
    private final CassandraPopularity popularity;
    private final Lazy<CassandraSignals> signals;

    public CassandraFeatures(CqlSession session) {
        this(session, CassandraVideos.DEFAULT_MAX_IN_FLIGHT, FeatureStoreConfig.defaults().streamStats());
    }

    /** @see CassandraVideos#CassandraVideos(CqlSession, int, boolean) */
    public CassandraFeatures(CqlSession session, int maxInFlight, boolean streamStats) {
        this(session, maxInFlight, FeatureStoreConfig.defaults().withStreamStats(streamStats));
    }

    /** Stream stats and the bounds of the video read queue from {@code config} (see {@link CassandraVideos}). */
    public CassandraFeatures(CqlSession session, int maxInFlight, FeatureStoreConfig config) {
        this.videos = new CassandraVideos(session, new AsyncGate(maxInFlight, config.cassandraReadMaxQueued(),
                config.cassandraReadMaxWait()), config.streamStats());
        this.users = new CassandraUsers(session);
        this.popularity = new CassandraPopularity(session);
        this.signals = new Lazy<>(() -> new CassandraSignals(session));
    }

    public CassandraVideos videos() {
        return videos;
    }

    public CassandraUsers users() {
        return users;
    }

    public CassandraPopularity popularity() {
        return popularity;
    }

    /** Built on the first call; a failed build (a table missing) is retried by the next. */
    public CassandraSignals signals() {
        return signals.get();
    }
}
