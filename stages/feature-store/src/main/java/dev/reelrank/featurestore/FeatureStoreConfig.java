package dev.reelrank.featurestore;

import dev.reelrank.featurestore.redis.RedisBreaker;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the tiered feature store.
 *
 * @param redisTimeout        how long one Redis call may take before the read path treats Redis
 *                            as down and falls back (local cache, then Cassandra); it bounds the
 *                            feed's worst case when Redis hangs instead of refusing
 * @param userTtl             expiry of {@code u:{userId}} in Redis; the writer refreshes it on every
 *                            update, so only idle users expire
 * @param videoTtl            expiry of {@code v:{videoId}} in Redis and maximum age of an entry in the
 *                            local cache; it also bounds how stale a cached video's counters may be,
 *                            because counter updates do not touch the cache (see TieredFeatureWriter).
 *                            Each key's expiry is drawn from [videoTtl/2, videoTtl], so keys cached
 *                            together do not all expire in the same moment
 * @param localVideoCacheSize entries in the in-process cache of hot video features (0 disables it,
 *                            and with it {@code localVideoFreshFor}); 10k × ~300 B ≈ 3 MB
 * @param localVideoFreshFor  how long after a video was read from Redis or Cassandra the local cache
 *                            answers for it without asking Redis (0 disables: every read is an MGET,
 *                            the cache only serves while Redis fails). Ranking tolerates video
 *                            features (counters, metadata) a couple of seconds old, and re-reading and
 *                            decoding the same hot candidates from Redis on every call was a top cost
 *                            of a Rank call. Capped by {@code videoTtl}, the cache's expiry. User
 *                            features are never served this way: they change with the user's own
 *                            interactions, which the next request must see
 * @param historyLimit        how many user_history rows
 *                            {@link dev.reelrank.featurestore.tiered.TieredFeatureStore#history} returns
 * @param streamStats         whether video reads also read the streaming features job's
 *                            {@code video_stream_stats} (its totals replace {@code video_counters},
 *                            its 5m/1h/24h rows fill the windows); on by default because a video the
 *                            job has not written costs only an empty partition read, and off for a
 *                            deployment whose schema lacks the table
 * @param cassandraReadMaxQueued video reads that may wait for one of the process's Cassandra read
 *                            permits ({@code CassandraVideos#DEFAULT_MAX_IN_FLIGHT}); one more fails
 *                            at once and the caller falls back (a Rank call answers UNAVAILABLE, the
 *                            feed ranks without it). After Redis comes back empty every video is a
 *                            miss, and an unbounded queue made calls wait seconds (issue 21)
 * @param missReadBudget     how long a video read waits for Cassandra to answer the videos Redis
 *                            did not hold; past it they are left out of this answer (absent, like
 *                            unknown ones) and cached when Cassandra answers, for the next read. Zero:
 *                            wait for Cassandra (the fold and offline jobs need every video). Serving
 *                            sets it: every cached video expires within videoTtl, so at millions of
 *                            videos some of every Rank call's ~1,000 candidates are misses, and waiting
 *                            for their Cassandra reads put the call past its caller's deadline (issue 18).
 *                            A caller must treat an absent video as unknown: ranking scores it without
 *                            features; the feed drops a candidate whose channel it cannot check
 * @param cassandraReadMaxWait   how long a video read may wait for such a permit before it fails
 *                            the same way; it does not limit the read itself (the driver's request
 *                            timeout does)
 * @param redisRecoveryWindow for how long after Redis last failed a video read (MGET), a video that
 *                            Redis does not hold but the local cache does (any entry younger than
 *                            videoTtl) is served from the local cache and read again from Cassandra
 *                            into Redis in the background, instead of waiting for Cassandra on the
 *                            request path.
 *                            A Redis restarted empty otherwise turns every candidate of every Rank
 *                            call into Cassandra reads at once, and the box spent ~20 s of fallbacks
 *                            on that herd (issue 21). Outside the window a miss goes to Cassandra as
 *                            before, so a key deleted on purpose (a republished video) is read anew.
 *                            0 disables
 * @param fallbackTopMaxAge   while Redis fails, how long a popularity or trending list Redis answered
 *                            is served in its stead, and how long the top of a Cassandra
 *                            {@code video_popularity} partition, once read, answers every call
 *                            (concurrent calls share one read). That top is a read of the whole
 *                            partition; read on every feed during a Redis outage it was Cassandra's
 *                            largest load and held feeds for up to 1.8 s (issue 21). 0 disables
 * @param redisBreakerFailures Redis calls failed in a row (timeouts included) after which calls are
 *                            refused at once, without asking Redis, for {@code redisBreakerOpen}
 *                            (see {@link RedisBreaker}); 0 disables
 * @param redisBreakerOpen    how long the breaker refuses calls before letting them through again
 */
public record FeatureStoreConfig(Duration redisTimeout, Duration userTtl, Duration videoTtl,
                                 int localVideoCacheSize, Duration localVideoFreshFor, int historyLimit,
                                 boolean streamStats, int cassandraReadMaxQueued, Duration cassandraReadMaxWait,
                                 Duration missReadBudget, Duration redisRecoveryWindow, Duration fallbackTopMaxAge,
                                 int redisBreakerFailures, Duration redisBreakerOpen) {
    public static final int DEFAULT_CASSANDRA_READ_MAX_QUEUED = 65_536;
    public static final Duration DEFAULT_CASSANDRA_READ_MAX_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REDIS_RECOVERY_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_FALLBACK_TOP_MAX_AGE = Duration.ofSeconds(30);
    public static final int DEFAULT_REDIS_BREAKER_FAILURES = 5;
    public static final Duration DEFAULT_REDIS_BREAKER_OPEN = Duration.ofSeconds(1);

    /** With the default bounds of the Cassandra read queue. */
    public FeatureStoreConfig(Duration redisTimeout, Duration userTtl, Duration videoTtl, int localVideoCacheSize,
                              Duration localVideoFreshFor, int historyLimit, boolean streamStats) {
        this(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, streamStats,
                DEFAULT_CASSANDRA_READ_MAX_QUEUED, DEFAULT_CASSANDRA_READ_MAX_WAIT);
    }

    /** Waiting for Cassandra's misses (no {@code missReadBudget}). */
    public FeatureStoreConfig(Duration redisTimeout, Duration userTtl, Duration videoTtl, int localVideoCacheSize,
                              Duration localVideoFreshFor, int historyLimit, boolean streamStats, int cassandraReadMaxQueued,
                              Duration cassandraReadMaxWait) {
        this(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, streamStats,
                cassandraReadMaxQueued, cassandraReadMaxWait, Duration.ZERO);
    }

    /** With the default {@code redisRecoveryWindow}. */
    public FeatureStoreConfig(Duration redisTimeout, Duration userTtl, Duration videoTtl, int localVideoCacheSize,
                              Duration localVideoFreshFor, int historyLimit, boolean streamStats, int cassandraReadMaxQueued,
                              Duration cassandraReadMaxWait, Duration missReadBudget) {
        this(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, streamStats,
                cassandraReadMaxQueued, cassandraReadMaxWait, missReadBudget, DEFAULT_REDIS_RECOVERY_WINDOW);
    }

    /** With the default {@code fallbackTopMaxAge}. */
    public FeatureStoreConfig(Duration redisTimeout, Duration userTtl, Duration videoTtl, int localVideoCacheSize,
                              Duration localVideoFreshFor, int historyLimit, boolean streamStats, int cassandraReadMaxQueued,
                              Duration cassandraReadMaxWait, Duration missReadBudget, Duration redisRecoveryWindow) {
        this(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, streamStats,
                cassandraReadMaxQueued, cassandraReadMaxWait, missReadBudget, redisRecoveryWindow, DEFAULT_FALLBACK_TOP_MAX_AGE);
    }

    /** With the default Redis breaker. */
    public FeatureStoreConfig(Duration redisTimeout, Duration userTtl, Duration videoTtl, int localVideoCacheSize,
                              Duration localVideoFreshFor, int historyLimit, boolean streamStats, int cassandraReadMaxQueued,
                              Duration cassandraReadMaxWait, Duration missReadBudget, Duration redisRecoveryWindow,
                              Duration fallbackTopMaxAge) {
        this(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, streamStats,
                cassandraReadMaxQueued, cassandraReadMaxWait, missReadBudget, redisRecoveryWindow, fallbackTopMaxAge,
                DEFAULT_REDIS_BREAKER_FAILURES, DEFAULT_REDIS_BREAKER_OPEN);
    }

    public FeatureStoreConfig {
        Objects.requireNonNull(redisTimeout, "redisTimeout");
        Objects.requireNonNull(userTtl, "userTtl");
        Objects.requireNonNull(videoTtl, "videoTtl");
        Objects.requireNonNull(localVideoFreshFor, "localVideoFreshFor");
        if (redisTimeout.isNegative() || redisTimeout.isZero()) throw new IllegalArgumentException("redisTimeout must be > 0");
        if (userTtl.toMillis() <= 0) throw new IllegalArgumentException("userTtl must be >= 1 ms");
        if (videoTtl.toMillis() <= 0) throw new IllegalArgumentException("videoTtl must be >= 1 ms");
        if (localVideoCacheSize < 0) throw new IllegalArgumentException("localVideoCacheSize must be >= 0");
        if (localVideoFreshFor.isNegative()) throw new IllegalArgumentException("localVideoFreshFor must be >= 0");
        if (historyLimit < 1) throw new IllegalArgumentException("historyLimit must be >= 1");
        Objects.requireNonNull(cassandraReadMaxWait, "cassandraReadMaxWait");
        if (cassandraReadMaxQueued < 0) throw new IllegalArgumentException("cassandraReadMaxQueued must be >= 0");
        if (cassandraReadMaxWait.isNegative() || cassandraReadMaxWait.isZero()) throw new IllegalArgumentException("cassandraReadMaxWait must be > 0");
        Objects.requireNonNull(missReadBudget, "missReadBudget");
        if (missReadBudget.isNegative()) throw new IllegalArgumentException("missReadBudget must be >= 0");
        Objects.requireNonNull(redisRecoveryWindow, "redisRecoveryWindow");
        if (redisRecoveryWindow.isNegative()) throw new IllegalArgumentException("redisRecoveryWindow must be >= 0");
        Objects.requireNonNull(fallbackTopMaxAge, "fallbackTopMaxAge");
        if (fallbackTopMaxAge.isNegative()) throw new IllegalArgumentException("fallbackTopMaxAge must be >= 0");
        if (redisBreakerFailures < 0) throw new IllegalArgumentException("redisBreakerFailures must be >= 0");
        Objects.requireNonNull(redisBreakerOpen, "redisBreakerOpen");
        if (redisBreakerOpen.isNegative()) throw new IllegalArgumentException("redisBreakerOpen must be >= 0");
    }

    public FeatureStoreConfig withStreamStats(boolean on) {
        return new FeatureStoreConfig(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, on,
                cassandraReadMaxQueued, cassandraReadMaxWait, missReadBudget, redisRecoveryWindow, fallbackTopMaxAge,
                redisBreakerFailures, redisBreakerOpen);
    }

    public FeatureStoreConfig withFallbackTopMaxAge(Duration maxAge) {
        return new FeatureStoreConfig(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, streamStats,
                cassandraReadMaxQueued, cassandraReadMaxWait, missReadBudget, redisRecoveryWindow, maxAge,
                redisBreakerFailures, redisBreakerOpen);
    }

    /** The Redis breaker as given; 0 failures (or a 0 duration) turns it off. */
    public FeatureStoreConfig withRedisBreaker(int failures, Duration open) {
        return new FeatureStoreConfig(redisTimeout, userTtl, videoTtl, localVideoCacheSize, localVideoFreshFor, historyLimit, streamStats,
                cassandraReadMaxQueued, cassandraReadMaxWait, missReadBudget, redisRecoveryWindow, fallbackTopMaxAge, failures, open);
    }

    /** The breaker these settings describe; one per Redis client, shared by everything that calls it. */
    public RedisBreaker newRedisBreaker() {
        return new RedisBreaker(redisBreakerFailures, redisBreakerOpen);
    }

    public static FeatureStoreConfig defaults() {
        return new FeatureStoreConfig(Duration.ofMillis(50), Duration.ofHours(1), Duration.ofHours(1), 10_000, Duration.ofSeconds(2),
                50, true);
    }
}
