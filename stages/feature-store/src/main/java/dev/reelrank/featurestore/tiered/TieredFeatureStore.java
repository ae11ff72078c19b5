package dev.reelrank.featurestore.tiered;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.TrendDecay;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.Popularity;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Read side of the feature store: Redis, then Cassandra on a miss (writing the value back to
 * Redis). Video features read less than {@link FeatureStoreConfig#localVideoFreshFor()} ago come
 * from a local cache of hot videos without asking Redis; user features always go to Redis. While
 * Redis is down or slow, video features come from that cache (any entry it still holds) and then
 * Cassandra, and popularity from Cassandra's {@code video_popularity}. Redis failures never
 * reach the caller; Cassandra failures do (the feed pipeline has its own fallbacks).
 *
 * <p>Popularity prefers the streaming features job's decayed trending set of the scope
 * ({@link TrendDecay}) to the all-time {@code pop:{scope}}: popularity must decay, or last month's
 * hits hold the popular feed forever. {@code pop:{scope}} remains for deployments without the job
 * and scopes it has not written, and {@code video_popularity} for when Redis fails (both all-time,
 * and no longer growing once embedding-refresh runs with video-stats off).
 *
 * <p>Blocking API (the interfaces are synchronous): call it from worker threads, never from an
 * event loop, since Redis and Cassandra answer on event loops.
 */
public final class TieredFeatureStore implements FeatureStore, Popularity {
    private static final System.Logger LOG = System.getLogger(TieredFeatureStore.class.getName());

    private final CassandraFeatures cassandra;
    private final RedisFeatures redis;
    private final FeatureStoreConfig config;
    private final TieredVideos videos;
    private final TrendDecay trendDecay;
    private final Clock clock;
    private final OutageLog outages = new OutageLog(LOG);
    private final TopListMemo tops;

    /** Popularity over the job's sets as it writes them by default ({@link TrendDecay#defaults()}). */
    public TieredFeatureStore(CassandraFeatures cassandra, RedisFeatures redis, FeatureStoreConfig config) {
        this(cassandra, redis, config, TrendDecay.defaults(), Clock.systemUTC());
    }

    /** @param clock the time decayed popularity is scored at */
    public TieredFeatureStore(CassandraFeatures cassandra, RedisFeatures redis, FeatureStoreConfig config,
                              TrendDecay trendDecay, Clock clock) {
        this.cassandra = Objects.requireNonNull(cassandra, "cassandra");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.config = Objects.requireNonNull(config, "config");
        this.videos = new TieredVideos(VideoTiers.over(cassandra, redis, config.videoTtl()), config, Ticker.systemTicker(), outages);
        this.trendDecay = Objects.requireNonNull(trendDecay, "trendDecay");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tops = new TopListMemo(config.fallbackTopMaxAge(), Ticker.systemTicker());
    }

    @Override
    public Optional<UserFeatures> user(String userId) {
        Optional<UserFeatures> cached = outages.resultOrNull(redis.user(userId), "GET " + RedisFeatures.userKey(userId));
        if (cached != null && cached.isPresent()) return cached;
        Optional<UserFeatures> durable = Await.result(cassandra.users().user(userId));
        // Write back only when Redis answered (a miss); when it just failed, another call would only wait again.
        if (cached != null) durable.ifPresent(u -> quietly(redis.putUserIfAbsent(u, config.userTtl()), "write-back of user"));
        return durable;
    }

    /** See {@link TieredVideos}: recently read videos from the local cache, the rest from Redis, then Cassandra. */
    @Override
    public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
        return videos.read(videoIds);
    }

    /**
     * See {@link TieredVideos#readMetadata}: as {@link #videos}, but Cassandra's misses are read as
     * metadata alone (one statement per video instead of three) and neither cached nor written back.
     */
    @Override
    public Map<String, VideoFeatures> videoMetadata(Collection<String> videoIds) {
        return videos.readMetadata(videoIds);
    }

    /**
     * The job's decayed set, else {@code pop:{scope}}, else Cassandra's partition (Redis lost both
     * sets: they are not persisted; a lost {@code pop:{scope}} is refilled from it). While Redis fails,
     * the list it last answered for the scope stands in, then Cassandra's top (both kept for
     * {@link FeatureStoreConfig#fallbackTopMaxAge()}, see {@link TopListMemo}). A Redis that failed
     * the first read is not asked the second, which would only cost another timeout.
     */
    @Override
    public List<ScoredVideo> top(String scope, int n) {
        String decayedKey = trendDecay.key(scope);
        List<ScoredVideo> decayed = outages.resultOrNull(redis.topDecayed(trendDecay, scope, n, clock.instant()),
                "ZREVRANGE " + decayedKey);
        if (decayed != null && !decayed.isEmpty()) {
            tops.answered(decayedKey, n, decayed);
            return decayed;
        }
        String popKey = RedisFeatures.popularityKey(scope);
        List<ScoredVideo> cached = decayed == null ? null : outages.resultOrNull(redis.topPopular(scope, n), "ZREVRANGE " + popKey);
        if (cached != null && !cached.isEmpty()) {
            tops.answered(popKey, n, cached);
            return cached;
        }
        List<ScoredVideo> last = cached == null ? tops.lastAnswered(n, decayedKey, popKey) : null;
        if (last != null) return last;
        List<ScoredVideo> durable = Await.result(tops.durable(scope, n, k -> cassandra.popularity().topPopular(scope, k)));
        // Refilled while Redis answers: else every request after a Redis restart read (and sorted)
        // the whole Cassandra partition until enough new events rebuilt the set.
        if (cached != null) quietly(redis.refillPopularity(scope, durable), "refill of " + popKey);
        return durable;
    }

    /** The user's newest interactions from Cassandra ({@link FeatureStoreConfig#historyLimit()} of them). */
    public List<HistoryEntry> history(String userId) {
        return Await.result(cassandra.users().history(userId, config.historyLimit()));
    }

    /** Entries in the local hot-video cache (for metrics and tests). */
    public int hotVideoCacheSize() {
        return videos.cacheSize();
    }

    /**
     * Hit rate, hits, misses and evictions of the local hot-video cache since this store was built:
     * a hit is a video served without asking Redis (fresh, or any cached entry while Redis fails),
     * a miss one that went on to Redis or Cassandra. With {@link FeatureStoreConfig#localVideoFreshFor()}
     * at 0 it is only asked while Redis fails, so its hit rate is that of the fallback.
     */
    public CacheStats hotVideoCacheStats() {
        return videos.cacheStats();
    }

    private void quietly(CompletionStage<?> call, String what) {
        call.whenComplete((v, e) -> {
            if (e != null) outages.report(what, e);
        });
    }
}
