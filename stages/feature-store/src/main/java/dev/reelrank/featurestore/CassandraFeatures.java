package dev.reelrank.featurestore;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.Objects;

/**
 * The durable side of the feature store: keyspace {@code reelrank} over one session, one class
 * per table family, all built (their statements prepared) at once:
 * <ul>
 *   <li>{@link #videos()}: {@code video_features}, {@code video_counters}, and the streaming job's
 *       {@code video_stream_stats} (read only);</li>
 *   <li>{@link #users()}: {@code user_features} and {@code user_history};</li>
 *   <li>{@link #popularity()}: {@code video_popularity}.</li>
 * </ul>
 * Every call is async; tables are named with their keyspace so the session needs none.
 *
 * <p>Errors are not caught here: callers decide (the read path lets them reach the feed pipeline,
 * the writer lets them reach the consumer, which retries and never commits a failed event).
 */
public final class CassandraFeatures {
    private final CqlSession session;
    private final CassandraVideos videos;
    private final CassandraUsers users;
    private final CassandraPopularity popularity;

    public CassandraFeatures(CqlSession session) {
        this(session, CassandraVideos.DEFAULT_MAX_IN_FLIGHT, FeatureStoreConfig.defaults().streamStats());
    }

    /** @see CassandraVideos#CassandraVideos(CqlSession, int, boolean) */
    public CassandraFeatures(CqlSession session, int maxInFlight, boolean streamStats) {
        this.videos = new CassandraVideos(session, maxInFlight, streamStats);
        this.session = Objects.requireNonNull(session, "session");
        this.users = new CassandraUsers(session);
        this.popularity = new CassandraPopularity(session);
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

    /** For the retrieval-signal tables, which share the session. */
    CqlSession session() {
        return session;
    }
}
