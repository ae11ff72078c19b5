package dev.reelrank.featurestore.tiered;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.google.protobuf.Timestamp;
import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.proto.v1.VideoFeatures;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The video read path of {@link TieredFeatureStore}: videos loaded less than
 * {@link FeatureStoreConfig#localVideoFreshFor()} ago from the local cache, the rest in one MGET,
 * Redis's misses from Cassandra (written back to Redis). While Redis fails, any cached entry up to
 * {@link FeatureStoreConfig#videoTtl()} old serves, then Cassandra; for
 * {@link FeatureStoreConfig#redisRecoveryWindow()} after it failed, Redis's misses are served the same
 * way and written back to Redis from Cassandra off the request path (a Redis restarted empty).
 * Metadata reads keep what Cassandra's metadata rows gave them in a local cache of their own (see
 * {@link #readMetadata}).
 *
 * <p>The result is built once, in the caller's order: each distinct id takes its slot on the first
 * pass (its value, or a placeholder until a tier answers), later tiers fill slots in place, and
 * placeholders left at the end are the unknown ids. A Rank call asks for 500–1000 videos, and
 * copying them through found/ordered maps showed in its profile.
 */
final class TieredVideos {
    private static final System.Logger LOG = System.getLogger(TieredVideos.class.getName());
    /**
     * Background reads in flight at most, per process, of old cached values, of values Redis lost in
     * an outage and of stale metadata (beyond, a value waits for a later read). Each is one of the
     * process's Cassandra read permits (128 by default), shared with the reads a request waits for:
     * at 512 the background could hold them all and queue ahead of requests, which then failed past
     * cassandra-read-max-wait ("no permit free within PT0.2S" from a feed's fresh source under a
     * 100k-event backlog).
     */
    static final int MAX_REFRESHING = 32;
    /** Compared by identity: no tier ever returns this instance. */
    private static final VideoFeatures PENDING = VideoFeatures.newBuilder().setVideoId("\0pending").build();

    private final VideoTiers tiers;
    private final HotVideoCache hot;
    /**
     * Metadata-only values (counters and windows unset), kept apart from {@link #hot} so a full read
     * never sees one; only {@link #readMetadata} reads it.
     */
    private final HotVideoCache metadata;
    private final OutageLog outages;
    private final long missBudgetNanos;
    private final LongSupplier wallMillis;
    private final long refreshAfterMillis;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final long recoveryWindowNanos;
    /** The ticker's time of the last failed MGET; {@link #NEVER} until one fails. */
    private volatile long redisFailedAt = NEVER;
    private static final long NEVER = Long.MIN_VALUE;

    TieredVideos(VideoTiers tiers, FeatureStoreConfig config, Ticker ticker, OutageLog outages) {
        this(tiers, config, ticker, outages, System::currentTimeMillis);
    }

    /**
     * @param wallMillis the wall clock a cached value's {@code read_at} is compared with: a value read
     *                   from Cassandra more than half of {@code videoTtl} ago is refreshed while it serves
     */
    TieredVideos(VideoTiers tiers, FeatureStoreConfig config, Ticker ticker, OutageLog outages,
                 LongSupplier wallMillis) {
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.hot = new HotVideoCache(config.localVideoCacheSize(), config.videoTtl().toNanos(),
                config.localVideoFreshFor().toNanos(), ticker);
        this.metadata = new HotVideoCache(config.localVideoCacheSize(), config.videoTtl().toNanos(),
                config.localVideoFreshFor().toNanos(), ticker);
        this.outages = Objects.requireNonNull(outages, "outages");
        this.missBudgetNanos = config.missReadBudget().toNanos();
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
        this.refreshAfterMillis = config.videoTtl().toMillis() / 2;
        this.recoveryWindowNanos = config.redisRecoveryWindow().toNanos();
    }

    /** In the caller's order, duplicates once, unknown ids absent. */
    Map<String, VideoFeatures> read(Collection<String> videoIds) {
        return read(videoIds, true);
    }

    /**
     * As {@link #read}, but what neither the local cache nor Redis holds comes from Cassandra's
     * metadata row alone, counters and windows unset. Such a value is never cached with the full
     * values (locally or under {@code v:{id}}, it would serve zero counters to ranking) but in a
     * local metadata cache of its own: fresh (younger than localVideoFreshFor) it answers instead of
     * Redis, older it answers a Redis miss and is read again in the background. Without it a video
     * no full read had cached (most of a region's fresh uploads) cost a Cassandra read on every
     * feed, and under load, past the miss budget, it was left out of every feed (absent: its channel
     * unknown) while the answers that came late were thrown away. Full values found in the cache or
     * Redis serve as they are (a superset of the metadata), and an id Cassandra does not know is
     * remembered as unknown just as a full read remembers it.
     */
    Map<String, VideoFeatures> readMetadata(Collection<String> videoIds) {
        return read(videoIds, false);
    }

    /** @param full whether Cassandra's misses are read whole (then cached and written back) or as metadata only */
    private Map<String, VideoFeatures> read(Collection<String> videoIds, boolean full) {
        if (videoIds.isEmpty()) return Map.of();
        var out = LinkedHashMap.<String, VideoFeatures>newLinkedHashMap(videoIds.size());
        boolean servesFresh = hot.servesFresh();
        long now = servesFresh ? hot.now() : 0;
        var toFetch = new ArrayList<String>(servesFresh ? 16 : videoIds.size());
        for (String id : videoIds) {
            VideoFeatures local = servesFresh ? hot.fresh(id, now) : null;
            if (local == null && !full && servesFresh) local = metadata.fresh(id, now);
            if (local == HotVideoCache.ABSENT) continue; // unknown a moment ago: not asked again yet
            // One hash per id: putIfAbsent both claims the slot and tells a duplicate (non-null) apart.
            if (out.putIfAbsent(id, local != null ? local : PENDING) == null && local == null) toFetch.add(id);
        }
        if (toFetch.isEmpty()) return out;

        VideoFeatures[] cached = outages.resultOrNull(tiers.cached(toFetch), "MGET of " + toFetch.size() + " videos");
        boolean redisUp = cached != null;
        long loaded = hot.now();
        if (!redisUp) redisFailedAt = loaded;
        long failedAt = redisFailedAt;
        // Just back from an outage, Redis may have restarted empty: a miss is then most likely a lost
        // key, not an expired or deleted one, and the local copy serves while Cassandra refills Redis.
        boolean recovering = redisUp && failedAt != NEVER && loaded - failedAt < recoveryWindowNanos;
        List<String> missing = null;
        List<String> old = null;
        List<String> lost = null;
        List<String> staleMetadata = null;
        long oldBefore = wallMillis.getAsLong() - refreshAfterMillis;
        for (int i = 0; i < toFetch.size(); i++) {
            String id = toFetch.get(i);
            VideoFeatures v = redisUp ? cached[i] : hot.any(id);
            if (v == null && recovering && (v = hot.any(id)) != null) {
                out.put(id, v); // keeps its load time: it ages out of the local cache as it would have
                if (lost == null) lost = new ArrayList<>();
                lost.add(id);
                continue;
            }
            if (v == null && !full && (v = metadata.any(id)) != null) {
                out.put(id, v); // not fresh, or the first pass would have served it: read again off the request path
                if (staleMetadata == null) staleMetadata = new ArrayList<>();
                staleMetadata.add(id);
                continue;
            }
            if (v == null) {
                if (missing == null) missing = new ArrayList<>();
                missing.add(id);
                continue;
            }
            out.put(id, v);
            // Only a value just read is stamped: one served during an outage keeps its load time.
            if (redisUp) {
                hot.put(id, v, loaded);
                if (v.hasReadAt() && millis(v.getReadAt()) < oldBefore) {
                    if (old == null) old = new ArrayList<>();
                    old.add(id);
                }
            }
        }
        if (old != null) refreshInBackground(old, Refresh.OLD);
        if (lost != null) refreshInBackground(lost, Refresh.LOST);
        if (staleMetadata != null) refreshInBackground(staleMetadata, Refresh.METADATA);
        if (missing == null) return out;

        var reading = (full ? tiers.durable(missing) : tiers.durableMetadata(missing)).toCompletableFuture();
        HotVideoCache keeps = full ? hot : metadata; // where Cassandra's answers for this read are cached
        if (missBudgetNanos > 0 && !answersWithin(reading)) {
            // Left out of this answer; cached once Cassandra answers, so the next read finds them.
            boolean writeBack = full && redisUp;
            int late = missing.size();
            reading.whenComplete((found, e) -> {
                if (e != null) {
                    // The answer went out without them already; the next read of these videos tries again.
                    LOG.log(Level.DEBUG, () -> "late Cassandra read of " + late + " videos failed: " + e);
                    return;
                }
                long at = hot.now();
                found.forEach((id, v) -> keeps.put(id, v, at));
                if (writeBack && !found.isEmpty()) tiers.writeBack(found.values()).whenComplete((v, we) -> {
                    if (we != null) outages.report("write-back of videos", we);
                });
            });
            out.values().removeIf(v -> v == PENDING);
            return out;
        }
        Map<String, VideoFeatures> durable = Await.result(reading);
        loaded = hot.now();
        int filled = 0;
        for (var e : durable.entrySet()) {
            // replace, not put: an id nobody asked for must not join the result.
            if (out.replace(e.getKey(), e.getValue()) == null) continue;
            keeps.put(e.getKey(), e.getValue(), loaded);
            filled++;
        }
        if (redisUp && filled < missing.size()) {
            for (String id : missing) {
                if (out.get(id) == PENDING) hot.putAbsent(id, loaded);
            }
        }
        // Write back only when Redis answered (a miss); when it just failed, another call would only wait again.
        if (full && redisUp && !durable.isEmpty()) {
            tiers.writeBack(durable.values()).whenComplete((v, e) -> {
                if (e != null) outages.report("write-back of videos", e);
            });
        }
        if (filled < missing.size()) out.values().removeIf(v -> v == PENDING);
        return out;
    }

    private static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    /** What a background read refreshes. */
    private enum Refresh {
        /** Cached values read from Cassandra long ago: their keys are overwritten (SET XX, a new expiry). */
        OLD,
        /** Values Redis lost (it came back empty): their keys are created (SET NX, a write-back). */
        LOST,
        /** Metadata-only values: the local metadata cache alone, Redis never holds them. */
        METADATA
    }

    /**
     * Reads {@code ids} from Cassandra again, off the request path, and updates what {@code kind}
     * says. Every cached video expires within {@code videoTtl}; without this a video read all the
     * time still became a miss once per expiry, on some request's critical path, and keys cached
     * together (a warm-up) became misses together. Ids already being refreshed, and any beyond
     * {@link #MAX_REFRESHING} in flight, are left to a later read; a failed refresh changes nothing
     * (the value serves until it expires).
     */
    private void refreshInBackground(List<String> ids, Refresh kind) {
        var claimed = new ArrayList<String>(ids.size());
        for (String id : ids) {
            if (refreshing.size() >= MAX_REFRESHING) break;
            if (refreshing.add(id)) claimed.add(id);
        }
        if (claimed.isEmpty()) return;
        CompletionStage<Map<String, VideoFeatures>> reading;
        try {
            reading = kind == Refresh.METADATA ? tiers.durableMetadata(claimed) : tiers.durable(claimed);
        } catch (RuntimeException e) {
            claimed.forEach(refreshing::remove);
            return;
        }
        reading.whenComplete((found, e) -> {
            if (e != null || found.isEmpty()) {
                claimed.forEach(refreshing::remove);
                if (e != null) LOG.log(Level.DEBUG, () -> "refresh of " + claimed.size() + " cached videos failed: " + e);
                return;
            }
            long at = hot.now();
            if (kind == Refresh.METADATA) {
                found.forEach((id, v) -> metadata.put(id, v, at));
                claimed.forEach(refreshing::remove);
                return;
            }
            found.forEach((id, v) -> hot.put(id, v, at));
            (kind == Refresh.LOST ? tiers.writeBack(found.values()) : tiers.refresh(found.values())).whenComplete((v, we) -> {
                claimed.forEach(refreshing::remove);
                if (we != null) outages.report("refresh of cached videos", we);
            });
        });
    }

    /** Refreshes in flight (tests). */
    int refreshing() {
        return refreshing.size();
    }

    /** Whether {@code reading} completes (either way) within the miss budget. */
    private boolean answersWithin(CompletableFuture<?> reading) {
        try {
            reading.get(missBudgetNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true; // failed: Await.result rethrows it as the unbudgeted read would
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    int cacheSize() {
        return hot.size();
    }

    CacheStats cacheStats() {
        return hot.stats();
    }
}
