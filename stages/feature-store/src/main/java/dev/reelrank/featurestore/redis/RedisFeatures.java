package dev.reelrank.featurestore.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.TrendDecay;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cache side of the feature store: Protobuf bytes under {@code u:{userId}} and
 * {@code v:{videoId}}, popularity in sorted sets {@code pop:{scope}} (and, read only, the
 * streaming job's {@code trend-decay:{scope}}). Every call fails (with a
 * {@link java.util.concurrent.TimeoutException} if need be) within the timeout, so callers can
 * fall back instead of waiting on a hung server.
 */
public final class RedisFeatures {
    private static final System.Logger LOG = System.getLogger(RedisFeatures.class.getName());

    private final Redis redis;
    private final long timeoutMillis;
    private final RedisBreaker breaker;

    /** Without a breaker: every call is sent and waits out its timeout. */
    public RedisFeatures(Redis redis, Duration timeout) {
        this(redis, timeout, RedisBreaker.off());
    }

    /** @param breaker refuses calls at once for a while after several failed in a row (shared with {@link #signals}) */
    public RedisFeatures(Redis redis, Duration timeout, RedisBreaker breaker) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.breaker = Objects.requireNonNull(breaker, "breaker");
    }

    public static String userKey(String userId) {
        return "u:" + userId;
    }

    public static String videoKey(String videoId) {
        return "v:" + videoId;
    }

    public static String popularityKey(String scope) {
        return "pop:" + scope;
    }

    /** The retrieval-signal sets that live beside these keys, over the same client and per-call timeout. */
    public RedisSignals signals(RetrievalStoreConfig config) {
        return new RedisSignals(redis, timeoutMillis, breaker, config);
    }

    // ---- users ----------------------------------------------------------------------------

    /** Empty on a miss, and on a value that does not parse (the next write-back replaces it). */
    public CompletionStage<Optional<UserFeatures>> user(String userId) {
        return send(Request.cmd(Command.GET).arg(userKey(userId))).thenApply(r -> {
            if (r == null) return Optional.empty();
            try {
                return Optional.of(UserFeatures.parseFrom(r.toBytes()));
            } catch (InvalidProtocolBufferException e) {
                LOG.log(Level.WARNING, "ignoring unreadable cache entry {0}", userKey(userId));
                return Optional.empty();
            }
        });
    }

    public CompletionStage<Void> putUser(UserFeatures user, Duration ttl) {
        return putUser(user.getUserId(), user.toByteArray(), ttl);
    }

    /** As {@link #putUser(UserFeatures, Duration)}, with the features already serialized. */
    public CompletionStage<Void> putUser(String userId, byte[] serializedFeatures, Duration ttl) {
        return send(set(userKey(userId), serializedFeatures, ttl, false)).thenApply(r -> null);
    }

    /**
     * SET NX: for read-path write-backs, so a value read from Cassandra just before the writer
     * refreshed the key cannot overwrite the newer one.
     */
    public CompletionStage<Void> putUserIfAbsent(UserFeatures user, Duration ttl) {
        return send(set(userKey(user.getUserId()), user.toByteArray(), ttl, true)).thenApply(r -> null);
    }

    // ---- videos ---------------------------------------------------------------------------

    /** One MGET; ids missing from Redis are absent from the map. */
    public CompletionStage<Map<String, VideoFeatures>> videos(Collection<String> videoIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(videoIds));
        if (ids.isEmpty()) return CompletableFuture.completedFuture(Map.of());
        return videosAt(ids).thenApply(values -> {
            var found = new HashMap<String, VideoFeatures>(ids.size() * 2);
            for (int i = 0; i < values.length; i++) if (values[i] != null) found.put(ids.get(i), values[i]);
            return found;
        });
    }

    /**
     * One MGET of {@code distinctIds}, answered by position (null where Redis has no readable
     * value): the tiered read puts each value straight into its result instead of through a map
     * keyed by id.
     */
    public CompletionStage<VideoFeatures[]> videosAt(List<String> distinctIds) {
        var values = new VideoFeatures[distinctIds.size()];
        if (values.length == 0) return CompletableFuture.completedFuture(values);
        Request mget = Request.cmd(Command.MGET);
        for (String id : distinctIds) mget.arg(videoKey(id));
        return send(mget).thenApply(r -> {
            for (int i = 0; i < values.length && r != null && i < r.size(); i++) {
                Response value = r.get(i);
                if (value == null) continue;
                try {
                    values[i] = VideoFeatures.parseFrom(value.toBytes());
                } catch (InvalidProtocolBufferException e) {
                    LOG.log(Level.WARNING, "ignoring unreadable cache entry {0}", videoKey(distinctIds.get(i)));
                }
            }
            return values;
        });
    }

    /**
     * Pipelined SETs with expiry on one connection (a pooled client would queue N separate sends).
     * Each key expires after a time drawn uniformly from [{@code ttl}/2, {@code ttl}]: keys written
     * together (a cache warm-up of a whole catalogue, a burst of misses after Redis came back empty)
     * would otherwise expire together and send every read of that moment to Cassandra at once. The
     * staleness a cached video may have stays bounded by {@code ttl}.
     */
    public CompletionStage<Void> putVideos(Collection<VideoFeatures> videos, Duration ttl) {
        return putVideos(videos, ttl, false);
    }

    /** As {@link #putVideos}, but SET NX (see {@link #putUserIfAbsent}). */
    public CompletionStage<Void> putVideosIfAbsent(Collection<VideoFeatures> videos, Duration ttl) {
        return putVideos(videos, ttl, true);
    }

    /**
     * As {@link #putVideos}, but only over keys that still exist ({@code SET XX}): a background
     * refresh of a cached value must not bring back a key a writer deleted meanwhile (a re-publish).
     */
    public CompletionStage<Void> refreshVideos(Collection<VideoFeatures> videos, Duration ttl) {
        return putVideos(videos, ttl, "XX");
    }

    private CompletionStage<Void> putVideos(Collection<VideoFeatures> videos, Duration ttl, boolean onlyIfAbsent) {
        return putVideos(videos, ttl, onlyIfAbsent ? "NX" : null);
    }

    private CompletionStage<Void> putVideos(Collection<VideoFeatures> videos, Duration ttl, String condition) {
        if (videos.isEmpty()) return CompletableFuture.completedFuture(null);
        var sets = new ArrayList<Request>(videos.size());
        long ttlMillis = Math.max(1, ttl.toMillis());
        var random = ThreadLocalRandom.current();
        for (VideoFeatures v : videos) {
            long spreadMillis = ttlMillis - random.nextLong(ttlMillis / 2 + 1);
            Request set = Request.cmd(Command.SET).arg(videoKey(v.getVideoId())).arg(v.toByteArray()).arg("PX").arg(spreadMillis);
            sets.add(condition == null ? set : set.arg(condition));
        }
        return bounded(() -> redis.batch(sets)).thenApply(r -> null);
    }

    // ---- popularity -----------------------------------------------------------------------

    public CompletionStage<Void> incrementPopularity(String scope, String videoId, double by) {
        return send(Request.cmd(Command.ZINCRBY).arg(popularityKey(scope)).arg(by).arg(videoId)).thenApply(r -> null);
    }

    /**
     * Puts back a scope's popularity read from Cassandra after the set was lost (Redis keeps it
     * without expiry and without persistence, so only a restart loses it). {@code ZADD GT}: a member
     * that {@link #incrementPopularity} re-created meanwhile holds only the increments since the
     * loss, never more than the durable total, so the larger score is the right one.
     */
    public CompletionStage<Void> refillPopularity(String scope, List<ScoredVideo> videos) {
        if (videos.isEmpty()) return CompletableFuture.completedFuture(null);
        var zadd = Request.cmd(Command.ZADD).arg(popularityKey(scope)).arg("GT");
        for (ScoredVideo v : videos) zadd.arg(v.score()).arg(v.videoId());
        return send(zadd).thenApply(r -> null);
    }

    /** Best first. An absent set reads as empty. */
    public CompletionStage<List<ScoredVideo>> topPopular(String scope, int n) {
        if (n <= 0) return CompletableFuture.completedFuture(List.of());
        Request range = Request.cmd(Command.ZREVRANGE).arg(popularityKey(scope)).arg(0).arg(n - 1).arg("WITHSCORES");
        return send(range).thenApply(RedisFeatures::scored);
    }

    /**
     * The streaming job's decayed set of the scope, best first, scored at {@code now} (see
     * {@link TrendDecay}). An absent set reads as empty.
     */
    public CompletionStage<List<ScoredVideo>> topDecayed(TrendDecay decay, String scope, int n, Instant now) {
        if (n <= 0) return CompletableFuture.completedFuture(List.of());
        return send(decayedTop(decay, scope, n)).thenApply(r -> decayedAt(decay, r, now));
    }

    /** The {@code n} best of a scope in the job's decayed set, with their log-scores; an absent set reads as empty. */
    static Request decayedTop(TrendDecay decay, String scope, int n) {
        return Request.cmd(Command.ZREVRANGE).arg(decay.key(scope)).arg(0).arg(n - 1).arg("WITHSCORES");
    }

    /** The answer of {@link #decayedTop} with each log-score turned into the decayed score at {@code now}, order kept. */
    static List<ScoredVideo> decayedAt(TrendDecay decay, Response top, Instant now) {
        long nowMillis = now.toEpochMilli();
        long halfLifeMillis = decay.halfLife().toMillis();
        return scored(top).stream()
                .map(s -> new ScoredVideo(s.videoId(), TrendDecay.decayed(s.score(), nowMillis, halfLifeMillis)))
                .toList();
    }

    /** RESP3 answers WITHSCORES as [member, score] pairs, RESP2 as one flat list: accept both. */
    static List<ScoredVideo> scored(Response r) {
        if (r == null || r.size() == 0) return List.of();
        var out = new ArrayList<ScoredVideo>(r.size());
        if (r.get(0) != null && r.get(0).isArray()) {
            for (Response pair : r) out.add(new ScoredVideo(pair.get(0).toString(), pair.get(1).toDouble()));
        } else {
            for (int i = 0; i + 1 < r.size(); i += 2) out.add(new ScoredVideo(r.get(i).toString(), r.get(i + 1).toDouble()));
        }
        return List.copyOf(out);
    }

    // ---- invalidation ---------------------------------------------------------------------

    public CompletionStage<Void> delete(Collection<String> keys) {
        if (keys.isEmpty()) return CompletableFuture.completedFuture(null);
        Request del = Request.cmd(Command.DEL);
        for (String k : keys) del.arg(k);
        return send(del).thenApply(r -> null);
    }

    // ---- plumbing -------------------------------------------------------------------------

    private static Request set(String key, byte[] value, Duration ttl, boolean onlyIfAbsent) {
        Request set = Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(Math.max(1, ttl.toMillis()));
        return onlyIfAbsent ? set.arg("NX") : set;
    }

    private CompletionStage<Response> send(Request request) {
        return bounded(() -> redis.send(request));
    }

    /** Failures, synchronous ones included (a closed client throws), arrive as a failed stage. */
    private <T> CompletableFuture<T> bounded(java.util.function.Supplier<Future<T>> call) {
        return bounded(breaker, timeoutMillis, call);
    }

    /** One call through the breaker, bounded by the timeout; a synchronous failure (a closed client throws) as a failed stage. */
    static <T> CompletableFuture<T> bounded(RedisBreaker breaker, long timeoutMillis, java.util.function.Supplier<Future<T>> call) {
        return breaker.call(() -> {
            try {
                return call.get().toCompletionStage().toCompletableFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }
}
