package dev.reelrank.featurestore.tiered;

import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.BoundedParallel;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.redis.RedisSignals;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read side of the retrieval signals: Redis sorted sets first, Cassandra behind them.
 * <ul>
 *   <li>trending: the streaming features job's decayed set when it has one for the scope (it
 *       counts in event time and decays continuously, where buckets jump at each boundary and
 *       count when the fold got to an event); else the bucket window, for deployments without the
 *       job and scopes it has not written yet; when Redis fails, the region's all-time popularity
 *       from Cassandra stands in, so cold-start users still get regional videos. A Redis that
 *       failed the first read is not asked the second: it would only cost another timeout;</li>
 *   <li>channel uploads: one pipelined read of every channel's set; channels whose set is missing
 *       (expired, or lost by a Redis restart) and all channels while Redis fails are read from
 *       {@code channel_uploads}, a bounded number of partitions at once;</li>
 *   <li>fresh lists: the set, else the first rows of the {@code fresh_uploads} partition.</li>
 * </ul>
 * Missing sets are not written back: that would make the read path a second writer of state
 * embedding-refresh owns; a partition read of a few rows is cheap. Redis failures never reach
 * the caller; Cassandra failures do (the feed pipeline treats a failed source as empty).
 * Blocking: call it from worker threads, never an event loop.
 */
public final class TieredRetrievalSignals implements RetrievalSignals {
    private static final System.Logger LOG = System.getLogger(TieredRetrievalSignals.class.getName());

    private final CassandraFeatures cassandra;
    private final RedisSignals redis;
    private final RetrievalStoreConfig config;
    private final Clock clock;
    private final OutageLog outages = new OutageLog(LOG);

    public TieredRetrievalSignals(CassandraFeatures cassandra, RedisFeatures redis, RetrievalStoreConfig config, Clock clock) {
        this.cassandra = Objects.requireNonNull(cassandra, "cassandra");
        this.config = Objects.requireNonNull(config, "config");
        this.redis = redis.signals(config);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<ScoredVideo> trending(String region, int n) {
        String scope = region == null || region.isBlank() ? Popularity.GLOBAL : region;
        if (n <= 0) return List.of();
        var now = clock.instant();
        List<ScoredVideo> decayed = outages.resultOrNull(redis.decayedTrending(scope, n, now),
                "ZREVRANGE " + config.trendDecay().key(scope));
        if (decayed != null && !decayed.isEmpty()) return decayed;
        List<ScoredVideo> live = decayed == null ? null : outages.resultOrNull(redis.trending(scope, n, now), "ZUNION of trend:" + scope);
        if (live != null) return live;
        return Await.result(cassandra.popularity().topPopular(scope, n));
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
            List<List<Upload>> durable = Await.result(BoundedParallel.map(missing, config.maxInFlight(), c -> cassandra.signals().channelUploads(c, n)));
            for (int i = 0; i < missing.size(); i++) found.put(missing.get(i), durable.get(i));
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
        if (cached != null && !cached.isEmpty()) return cached;
        return newestFirstDistinct(Await.result(cassandra.signals().fresh(scope, value, m)));
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
