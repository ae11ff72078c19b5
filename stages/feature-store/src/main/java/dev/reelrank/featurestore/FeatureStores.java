package dev.reelrank.featurestore;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.reelrank.featurestore.cassandra.CassandraFeatureStore;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.cassandra.CassandraVideos;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredFeatureStore;
import dev.reelrank.featurestore.tiered.TieredFeatureWriter;
import dev.reelrank.featurestore.tiered.TieredRetrievalSignals;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.Objects;

/**
 * The feature-store stage over one Cassandra session and one Redis client: both tiers, built once
 * (preparing the statements), and the readers and writers over them. Each {@code new…} call builds
 * a new reader or writer (a tiered store holds its own hot-video cache): keep the one you build.
 * The session and the client stay the caller's to close.
 */
public final class FeatureStores {
    private final CassandraFeatures cassandra;
    private final RedisFeatures redis;
    private final FeatureStoreConfig config;

    public FeatureStores(CqlSession session, Redis redis, FeatureStoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.cassandra = new CassandraFeatures(session, CassandraVideos.DEFAULT_MAX_IN_FLIGHT, config);
        this.redis = new RedisFeatures(redis, config.redisTimeout(), config.newRedisBreaker());
    }

    public CassandraFeatures cassandra() {
        return cassandra;
    }

    public RedisFeatures redis() {
        return redis;
    }

    public FeatureStoreConfig config() {
        return config;
    }

    /** The read side: Redis, then Cassandra (see {@link TieredFeatureStore}); popularity over the job's default sets. */
    public TieredFeatureStore newStore() {
        return new TieredFeatureStore(cassandra, redis, config);
    }

    /** As {@link #newStore()}, popularity read from the job's sets as {@code trendDecay} names them. */
    public TieredFeatureStore newStore(TrendDecay trendDecay, Clock clock) {
        return new TieredFeatureStore(cassandra, redis, config, trendDecay, clock);
    }

    /** Trending, channel uploads and fresh lists (see {@link TieredRetrievalSignals}). */
    public TieredRetrievalSignals newSignals(RetrievalStoreConfig signals, Clock clock) {
        return new TieredRetrievalSignals(cassandra, redis, signals, clock, config.fallbackTopMaxAge());
    }

    /** The write side, retrieval signals included (see {@link TieredFeatureWriter}). */
    public TieredFeatureWriter newWriter(RetrievalStoreConfig signals, Clock clock) {
        return new TieredFeatureWriter(cassandra, redis, config, signals, clock);
    }

    /** Cassandra alone, for reads that must see every durable write (see {@link CassandraFeatureStore}). */
    public CassandraFeatureStore newDurableStore() {
        return new CassandraFeatureStore(cassandra);
    }
}
