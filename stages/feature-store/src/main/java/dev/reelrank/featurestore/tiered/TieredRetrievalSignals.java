package dev.reelrank.featurestore.tiered;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.BoundedParallel;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.redis.RedisSignals;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.model.RetrievalSignals.FreshList;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Read side of the retrieval signals: Redis sorted sets first, Cassandra behind them.
 * <ul>
 *   <li>trending: the streaming features job's decayed set when it has one for the scope (it
 *       counts in event time and decays continuously, where buckets jump at each boundary and
 *       count when the fold got to an event); else the bucket window, for deployments without the
 *       job and scopes it has not written yet; when Redis fails, the list it last answered for the
 *       region stands in, else the region's all-time popularity from Cassandra (both kept for a
 *       while, see {@link TopListMemo}), so cold-start users still get regional videos. A Redis that
 *       failed the first read is not asked the second: it would only cost another timeout;</li>
 *   <li>channel uploads: one pipelined read of every channel's set; channels whose set is missing
 *       (expired, or lost by a Redis restart) and all channels while Redis fails are read from
 *       {@code channel_uploads}, a bounded number of partitions at once;</li>
 *   <li>fresh lists: the set, else the first rows of the {@code fresh_uploads} partition.</li>
 * </ul>
 * A set found missing while Redis answers (lost by a Redis restart, or expired) is refilled from
 * the rows Cassandra returned, as many as Redis keeps, in the background: without that, every
 * feed after a Redis restart paid a Cassandra partition read per subscribed channel and per fresh
 * scope for as long as no new upload recreated the set (measured: the largest share of
 * Cassandra's CPU under a feed load). The refill is a union (see
 * {@link RedisSignals#refillChannelUploads}), so it cannot undo what embedding-refresh, the
 * sets' owner, writes at the same time. Redis failures never reach the caller; Cassandra
 * failures do (the feed pipeline treats a failed source as empty).
 * Blocking: call it from worker threads, never an event loop.
 */
public final class TieredRetrievalSignals implements RetrievalSignals {
    private static final System.Logger LOG = System.getLogger(TieredRetrievalSignals.class.getName());

    private final CassandraFeatures cassandra;
    private final RedisSignals redis;
    private final RetrievalStoreConfig config;
    private final Clock clock;
    private final OutageLog outages = new OutageLog(LOG);
    private final TopListMemo tops;

    /** Trending stands in for Redis as {@link FeatureStoreConfig#DEFAULT_FALLBACK_TOP_MAX_AGE} says. */
    public TieredRetrievalSignals(CassandraFeatures cassandra, RedisFeatures redis, RetrievalStoreConfig config, Clock clock) {
        this(cassandra, redis, config, clock, FeatureStoreConfig.DEFAULT_FALLBACK_TOP_MAX_AGE);
    }

    /** @param fallbackTopMaxAge see {@link FeatureStoreConfig#fallbackTopMaxAge()} */
    public TieredRetrievalSignals(CassandraFeatures cassandra, RedisFeatures redis, RetrievalStoreConfig config, Clock clock,
                                  Duration fallbackTopMaxAge) {
        this.cassandra = Objects.requireNonNull(cassandra, "cassandra");
        this.config = Objects.requireNonNull(config, "config");
        this.redis = redis.signals(config);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tops = new TopListMemo(fallbackTopMaxAge, Ticker.systemTicker());
    }

    @Override
    public List<ScoredVideo> trending(String region, int n) {
        String scope = region == null || region.isBlank() ? Popularity.GLOBAL : region;
        if (n <= 0) return List.of();
        var now = clock.instant();
        String decayedKey = config.trendDecay().key(scope);
        List<ScoredVideo> decayed = outages.resultOrNull(redis.decayedTrending(scope, n, now), "ZREVRANGE " + decayedKey);
        if (decayed != null && !decayed.isEmpty()) {
            tops.answered(decayedKey, n, decayed);
            return decayed;
        }
        String liveKey = "trend:" + scope;
        List<ScoredVideo> live = decayed == null ? null : outages.resultOrNull(redis.trending(scope, n, now), "ZUNION of " + liveKey);
        if (live != null) {
            tops.answered(liveKey, n, live);
            return live;
        }
        // Redis failed: what it last answered, then the region's all-time popularity (see TopListMemo).
        List<ScoredVideo> last = tops.lastAnswered(n, decayedKey, liveKey);
        if (last != null) return last;
        return Await.result(tops.durable(scope, n, k -> cassandra.popularity().topPopular(scope, k)));
    }

    @Override
    public List<Upload> channelUploads(Collection<String> channelIds, int perChannel) {
        List<String> channels = channelIds.stream().filter(c -> c != null && !c.isBlank()).distinct().toList();
        if (channels.isEmpty() || perChannel <= 0) return List.of();
        // Never more than Redis keeps per channel, so both tiers give the same answer.
        int n = Math.min(perChannel, config.channelUploadsKept());
        Map<String, List<Upload>> cached = outages.resultOrNull(redis.channelUploads(channels, n), "ZREVRANGE of " + channels.size() + " channels");
        var found = new LinkedHashMap<String, List<Upload>>();
        if (cached != null) found.putAll(cached);
        List<String> missing = channels.stream().filter(c -> !found.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            // While Redis answers, read all Redis keeps so the refilled set serves any later n.
            int read = cached == null ? n : config.channelUploadsKept();
            List<List<Upload>> durable = Await.result(BoundedParallel.map(missing, config.maxInFlight(), c -> cassandra.signals().channelUploads(c, read)));
            for (int i = 0; i < missing.size(); i++) {
                List<Upload> rows = durable.get(i);
                if (cached != null) refill(redis.refillChannelUploads(missing.get(i), rows), "channel " + missing.get(i));
                found.put(missing.get(i), rows.size() > n ? rows.subList(0, n) : rows);
            }
        }
        var all = new ArrayList<Upload>();
        found.values().forEach(all::addAll);
        return newestFirstDistinct(all);
    }

    @Override
    public List<Upload> fresh(FreshScope scope, String value, int n) {
        if (value == null || value.isBlank() || n <= 0) return List.of();
        // Never more than Redis keeps, so both tiers give the same answer.
        int m = Math.min(n, config.freshKept());
        List<Upload> cached = outages.resultOrNull(redis.fresh(scope, value, m), "ZREVRANGE " + RedisSignals.freshKey(scope, value));
        return freshOr(scope, value, m, cached);
    }

    /** One pipelined Redis batch for all lists; each list Redis lacks is then read (and refilled) as alone. */
    @Override
    public List<List<Upload>> fresh(List<FreshList> lists, int n) {
        var valid = lists.stream().filter(l -> l.value() != null && !l.value().isBlank()).toList();
        if (valid.isEmpty() || n <= 0) return lists.stream().map(l -> List.<Upload>of()).toList();
        int m = Math.min(n, config.freshKept());
        List<List<Upload>> cached = outages.resultOrNull(redis.fresh(valid, m), "ZREVRANGE of " + valid.size() + " fresh lists");
        var byList = new java.util.HashMap<FreshList, List<Upload>>();
        for (int i = 0; i < valid.size(); i++) {
            FreshList l = valid.get(i);
            byList.put(l, freshOr(l.scope(), l.value(), m, cached == null ? null : cached.get(i)));
        }
        return lists.stream().map(l -> byList.getOrDefault(l, List.of())).toList();
    }

    /** Redis's answer when it has the list; else Cassandra's (refilled into Redis when Redis answered). */
    private List<Upload> freshOr(FreshScope scope, String value, int m, List<Upload> cached) {
        if (cached != null && !cached.isEmpty()) return cached;
        if (cached == null) return newestFirstDistinct(Await.result(cassandra.signals().fresh(scope, value, m)));
        List<Upload> rows = newestFirstDistinct(Await.result(cassandra.signals().fresh(scope, value, config.freshKept())));
        refill(redis.refillFresh(scope, value, rows), RedisSignals.freshKey(scope, value));
        return rows.size() > m ? rows.subList(0, m) : rows;
    }

    /** Not awaited: the answer is already at hand, and a failed refill only means the next read misses too. */
    private void refill(CompletionStage<Void> write, String what) {
        write.whenComplete((ok, e) -> {
            if (e != null) outages.report("refill of " + what, e);
        });
    }

    /** A re-published video with a changed publish time has two rows: keep the newest. */
    private static List<Upload> newestFirstDistinct(List<Upload> uploads) {
        var seen = new LinkedHashSet<String>();
        return uploads.stream()
                .sorted(Comparator.comparing(Upload::publishedAt, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(Upload::videoId))
                .filter(u -> seen.add(u.videoId()))
                .toList();
    }
}
