package dev.reelrank.featurestore.redis;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.TrendDecay;
import dev.reelrank.featurestore.VideoUpload;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals.FreshList;
import dev.reelrank.model.RetrievalSignals.FreshScope;
import dev.reelrank.model.RetrievalSignals.Upload;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Redis side of the retrieval signals, all sorted sets:
 * <ul>
 *   <li>{@code trend-decay:{scope}} (prefix configurable, see {@link TrendDecay}): decayed
 *       engagement per video, written only by the streaming features job; read here, never
 *       written;</li>
 *   <li>{@code trend:{scope}:{bucket}}: engagement per video in one time bucket (UTC
 *       {@code yyyyMMddHH}, or {@code yyyyMMddHHmm} for sub-hour buckets); expires when no window
 *       can include it any more; read as a ZUNION of the window's buckets;</li>
 *   <li>{@code ch:{channelId}:uploads}: a channel's newest uploads, scored by publish time (ms);</li>
 *   <li>{@code fresh:{category}}, {@code fresh:lang:{language}}, {@code fresh:region:{region}}:
 *       the newest uploads of a scope, scored by publish time (ms).</li>
 * </ul>
 * Every list is trimmed on write, so each key stays bounded. Calls fail within the timeout of the
 * {@link RedisFeatures} that built it ({@link RedisFeatures#signals}).
 */
public final class RedisSignals {
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    private final Redis redis;
    private final long timeoutMillis;
    private final RedisBreaker breaker;
    private final RetrievalStoreConfig config;
    private final long bucketMillis;

    RedisSignals(Redis redis, long timeoutMillis, RedisBreaker breaker, RetrievalStoreConfig config) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.timeoutMillis = Math.max(1, timeoutMillis);
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.config = Objects.requireNonNull(config, "config");
        this.bucketMillis = config.trendingBucket().toMillis();
    }

    // ---- keys -----------------------------------------------------------------------------

    String trendingKey(String scope, long bucket) {
        Instant start = Instant.ofEpochMilli(bucket * bucketMillis);
        return "trend:" + scope + ":" + (bucketMillis % 3_600_000 == 0 ? HOURS : MINUTES).format(start);
    }

    public static String channelUploadsKey(String channelId) {
        return "ch:" + channelId + ":uploads";
    }

    public static String freshKey(FreshScope scope, String value) {
        return switch (scope) {
            case CATEGORY -> "fresh:" + value;
            case LANGUAGE -> "fresh:lang:" + value;
            case REGION -> "fresh:region:" + value;
        };
    }

    // ---- trending -------------------------------------------------------------------------

    /** ZINCRBY in the bucket of {@code at}, expiry at the end of the last window that includes it, trim. */
    public CompletionStage<Void> addTrending(String scope, String videoId, double weight, Instant at) {
        long bucket = Math.floorDiv(at.toEpochMilli(), bucketMillis);
        String key = trendingKey(scope, bucket);
        long expiresAt = (bucket + 1) * bucketMillis + config.trendingWindow().toMillis();
        return batch(List.of(
                Request.cmd(Command.ZINCRBY).arg(key).arg(weight).arg(videoId),
                Request.cmd(Command.PEXPIREAT).arg(key).arg(expiresAt),
                Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(config.trendingBucketMaxSize() + 1))));
    }

    /** The window ending in the bucket of {@code now}, summed per video, best first. */
    public CompletionStage<List<ScoredVideo>> trending(String scope, int n, Instant now) {
        if (n <= 0) return CompletableFuture.completedFuture(List.of());
        long current = Math.floorDiv(now.toEpochMilli(), bucketMillis);
        int buckets = config.trendingBuckets();
        Request union = Request.cmd(Command.ZUNION).arg(buckets);
        for (int i = 0; i < buckets; i++) union.arg(trendingKey(scope, current - i));
        union.arg("WITHSCORES");
        // ZUNION has no LIMIT; each bucket is trimmed, so the union is bounded by buckets × max size.
        return send(union).thenApply(r -> RedisFeatures.scored(r).stream()
                .sorted(Comparator.comparingDouble(ScoredVideo::score).reversed().thenComparing(ScoredVideo::videoId))
                .limit(n).toList());
    }

    /** The job's set of the scope, best first, scored as decayed engagement at {@code now}; empty when absent. */
    public CompletionStage<List<ScoredVideo>> decayedTrending(String scope, int n, Instant now) {
        if (n <= 0) return CompletableFuture.completedFuture(List.of());
        TrendDecay decay = config.trendDecay();
        return send(RedisFeatures.decayedTop(decay, scope, n)).thenApply(r -> RedisFeatures.decayedAt(decay, r, now));
    }

    // ---- uploads --------------------------------------------------------------------------

    /** One pipelined batch: the channel's set and every fresh list the video belongs to, each trimmed. */
    public CompletionStage<Void> addUpload(VideoUpload upload) {
        return addUploads(List.of(upload));
    }

    /**
     * Many uploads in one pipelined batch, one {@code ZADD} per set with all of its new members,
     * then its trim (and, for a channel, its expiry). Trimming keeps the highest scores, so the
     * sets end exactly as if each upload had been added and trimmed on its own: the back-fill of a
     * catalogue writes what the live writer would, at a fraction of the commands.
     */
    public CompletionStage<Void> addUploads(Collection<VideoUpload> uploads) {
        // Keys in first-seen order; a channel's set first for each upload, as the live writer always sent them.
        var members = new LinkedHashMap<String, Request>();
        var channels = new java.util.HashSet<String>();
        for (VideoUpload u : uploads) {
            long score = u.publishedAt().toEpochMilli();
            if (u.channelId() != null && !u.channelId().isBlank()) {
                String key = channelUploadsKey(u.channelId());
                channels.add(key);
                members.computeIfAbsent(key, k -> Request.cmd(Command.ZADD).arg(k)).arg(score).arg(u.videoId());
            }
            u.freshScopes().forEach((scope, value) ->
                    members.computeIfAbsent(freshKey(scope, value), k -> Request.cmd(Command.ZADD).arg(k)).arg(score).arg(u.videoId()));
        }
        if (members.isEmpty()) return CompletableFuture.completedFuture(null);
        var requests = new ArrayList<Request>(members.size() * 3);
        members.forEach((key, zadd) -> {
            requests.add(zadd);
            if (channels.contains(key)) {
                requests.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(config.channelUploadsKept() + 1)));
                requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(config.channelUploadsTtl().toMillis()));
            } else {
                requests.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(config.freshKept() + 1)));
            }
        });
        return batch(requests);
    }

    /**
     * Puts back a channel's uploads read from the durable table after its set was missing (lost by
     * a Redis restart, or expired). A union ({@code ZADD} of members with their publish times), so
     * it can neither drop nor reorder what {@link #addUpload} wrote meanwhile; trimmed and expired
     * as that writes, so the set looks as if it had never been lost.
     */
    public CompletionStage<Void> refillChannelUploads(String channelId, List<Upload> uploads) {
        if (channelId == null || channelId.isBlank() || uploads.isEmpty()) return CompletableFuture.completedFuture(null);
        String key = channelUploadsKey(channelId);
        return batch(List.of(zadd(key, uploads),
                Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(config.channelUploadsKept() + 1)),
                Request.cmd(Command.PEXPIRE).arg(key).arg(config.channelUploadsTtl().toMillis())));
    }

    /** The same for a fresh list (see {@link #refillChannelUploads}). */
    public CompletionStage<Void> refillFresh(FreshScope scope, String value, List<Upload> uploads) {
        if (value == null || value.isBlank() || uploads.isEmpty()) return CompletableFuture.completedFuture(null);
        String key = freshKey(scope, value);
        return batch(List.of(zadd(key, uploads),
                Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(config.freshKept() + 1))));
    }

    private static Request zadd(String key, List<Upload> uploads) {
        var zadd = Request.cmd(Command.ZADD).arg(key);
        for (Upload u : uploads) {
            zadd.arg(u.publishedAt() == null ? 0 : u.publishedAt().toEpochMilli()).arg(u.videoId());
        }
        return zadd;
    }

    /**
     * Newest uploads per channel; a channel whose set does not exist (never uploaded, expired, or
     * lost by Redis) is absent from the map, so the caller can ask Cassandra.
     */
    public CompletionStage<Map<String, List<Upload>>> channelUploads(List<String> channelIds, int perChannel) {
        if (channelIds.isEmpty() || perChannel <= 0) return CompletableFuture.completedFuture(Map.of());
        var requests = new ArrayList<Request>(channelIds.size());
        for (String c : channelIds) {
            requests.add(Request.cmd(Command.ZREVRANGE).arg(channelUploadsKey(c)).arg(0).arg(perChannel - 1).arg("WITHSCORES"));
        }
        return bounded(() -> redis.batch(requests)).thenApply(responses -> {
            var out = new LinkedHashMap<String, List<Upload>>();
            for (int i = 0; i < channelIds.size() && i < responses.size(); i++) {
                List<Upload> uploads = uploads(responses.get(i), channelIds.get(i));
                if (!uploads.isEmpty()) out.put(channelIds.get(i), uploads);
            }
            return out;
        });
    }

    /** Newest first; empty when the list does not exist. */
    public CompletionStage<List<Upload>> fresh(FreshScope scope, String value, int n) {
        if (n <= 0) return CompletableFuture.completedFuture(List.of());
        return send(Request.cmd(Command.ZREVRANGE).arg(freshKey(scope, value)).arg(0).arg(n - 1).arg("WITHSCORES"))
                .thenApply(r -> uploads(r, null));
    }

    /** Several fresh lists in one pipelined batch, in the order asked; an absent list reads as empty. */
    public CompletionStage<List<List<Upload>>> fresh(List<FreshList> lists, int n) {
        if (lists.isEmpty() || n <= 0) return CompletableFuture.completedFuture(lists.stream().map(l -> List.<Upload>of()).toList());
        var requests = new ArrayList<Request>(lists.size());
        for (FreshList l : lists) requests.add(Request.cmd(Command.ZREVRANGE).arg(freshKey(l.scope(), l.value())).arg(0).arg(n - 1).arg("WITHSCORES"));
        return bounded(() -> redis.batch(requests)).thenApply(responses -> {
            var out = new ArrayList<List<Upload>>(lists.size());
            for (int i = 0; i < lists.size(); i++) out.add(i < responses.size() ? uploads(responses.get(i), null) : List.of());
            return out;
        });
    }

    private static List<Upload> uploads(Response r, String channelId) {
        return RedisFeatures.scored(r).stream()
                .map(s -> new Upload(s.videoId(), channelId, Instant.ofEpochMilli((long) s.score())))
                .toList();
    }

    // ---- plumbing -------------------------------------------------------------------------

    /**
     * Commands one pipeline may carry: the Vert.x client refuses a batch longer than a connection's
     * waiting queue ({@code RedisOptions.maxWaitingHandlers}, 2,048 by default) with "Redis waiting
     * queue is full". A back-fill chunk of small channels needs thousands of commands.
     */
    static final int MAX_PIPELINE = 1_000;

    /** In slices of {@link #MAX_PIPELINE}, one after the other, so a key's ZADD still precedes its trim. */
    private CompletionStage<Void> batch(List<Request> requests) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < requests.size(); from += MAX_PIPELINE) {
            List<Request> slice = requests.subList(from, Math.min(requests.size(), from + MAX_PIPELINE));
            chain = chain.thenCompose(v -> bounded(() -> redis.batch(slice)).thenApply(r -> null));
        }
        return chain;
    }

    private CompletionStage<Response> send(Request request) {
        return bounded(() -> redis.send(request));
    }

    private <T> CompletableFuture<T> bounded(Supplier<Future<T>> call) {
        return RedisFeatures.bounded(breaker, timeoutMillis, call);
    }
}
