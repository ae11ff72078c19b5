package dev.reelrank.featurestore.tiered;

import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.VideoUpload;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.cassandra.CassandraSignals;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.redis.RedisSignals;
import dev.reelrank.model.FeatureWriter;
import dev.reelrank.model.RetrievalSignalWriter;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Write side: Cassandra first (durable; its failures are thrown so the consumer retries and does
 * not commit the event), then Redis is refreshed best-effort (its failures are logged: the value
 * is safe in Cassandra and the cache heals by expiry or the next write).
 *
 * <p>How each kind of value reaches the cache:
 * <ul>
 *   <li>users: the new value is written ({@code SET u:{id}}), since the writer holds the complete
 *       message and the feed should see the user's latest action on its next request; if that
 *       fails the key is deleted so the next read repopulates from Cassandra;</li>
 *   <li>video metadata: {@code DEL v:{id}}, because the cached message also carries counters the
 *       writer does not have; the next read rebuilds it from both tables;</li>
 *   <li>video counters: the cache is left alone. Deleting {@code v:{id}} on every view would send
 *       every read of a viral video to its one Cassandra partition (the hot-shard problem), so
 *       cached counters may lag by up to {@link FeatureStoreConfig#videoTtl()}; live popularity
 *       comes from the sorted sets, which are updated on every event;</li>
 *   <li>popularity: {@code ZINCRBY pop:{scope}}, alongside the durable counter;</li>
 *   <li>uploads (retrieval signals): {@code channel_uploads} / {@code fresh_uploads} rows, then
 *       the trimmed sorted sets that mirror them (see {@link RedisSignals});</li>
 *   <li>trending: Redis only, in the bucket of the moment the event is applied (processing
 *       time, not the event's own time: trending answers "what is engaging people now", a replay
 *       of old events must not vanish into expired buckets, and client clocks are not trusted).
 *       Counts lost while Redis is down only make trending lag; the reader then serves regional
 *       popularity, which is durable.</li>
 * </ul>
 * Redis is awaited (within its timeout) so two updates of one key reach it in order.
 */
public final class TieredFeatureWriter implements FeatureWriter, RetrievalSignalWriter {
    private static final System.Logger LOG = System.getLogger(TieredFeatureWriter.class.getName());

    private final CassandraFeatures cassandra;
    private final RedisFeatures redis;
    private final FeatureStoreConfig config;
    private final OutageLog outages = new OutageLog(LOG);
    private final RedisSignals redisSignals;
    private final Clock clock;

    public TieredFeatureWriter(CassandraFeatures cassandra, RedisFeatures redis, FeatureStoreConfig config) {
        this(cassandra, redis, config, RetrievalStoreConfig.defaults(), Clock.systemUTC());
    }

    /** @param clock the time of trending buckets and of uploads that carry no publish time */
    public TieredFeatureWriter(CassandraFeatures cassandra, RedisFeatures redis, FeatureStoreConfig config,
                               RetrievalStoreConfig signals, Clock clock) {
        this.cassandra = Objects.requireNonNull(cassandra, "cassandra");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.config = Objects.requireNonNull(config, "config");
        this.redisSignals = redis.signals(signals);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void upsertVideo(VideoPublished video) {
        Await.result(cassandra.videos().upsertVideo(video));
        refresh(redis.delete(List.of(RedisFeatures.videoKey(video.getVideoId()))), "DEL of a republished video");
    }

    @Override
    public void addVideoStats(String videoId, VideoStatsDelta delta) {
        if (delta.isEmpty()) return;
        Await.result(cassandra.videos().addVideoStats(videoId, delta));
    }

    /** Blank and repeated scopes are ignored; the durable score is kept in thousandths. */
    @Override
    public void addPopularity(String videoId, double weight, String... scopes) {
        if (weight == 0 || scopes == null) return;
        var distinct = new LinkedHashSet<String>();
        for (String s : scopes) if (s != null && !s.isBlank()) distinct.add(s);
        if (distinct.isEmpty()) return;
        long milli = Math.round(weight * 1000);
        var durable = new ArrayList<CompletableFuture<Void>>();
        for (String scope : distinct) durable.add(cassandra.popularity().addPopularity(scope, videoId, milli).toCompletableFuture());
        Await.result(CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)));
        for (String scope : distinct) refresh(redis.incrementPopularity(scope, videoId, weight), "ZINCRBY " + RedisFeatures.popularityKey(scope));
    }

    @Override
    public void putUser(UserFeatures user) {
        // Serialized once for both tiers: users are kilobytes, and this is the fold's hottest write.
        byte[] serialized = user.toByteArray();
        Await.result(cassandra.users().putUser(user.getUserId(), serialized));
        if (!refresh(redis.putUser(user.getUserId(), serialized, config.userTtl()), "SET " + RedisFeatures.userKey(user.getUserId()))) {
            // Better a miss (read from Cassandra) than the previous value served for a whole TTL.
            refresh(redis.delete(List.of(RedisFeatures.userKey(user.getUserId()))), "DEL after a failed SET");
        }
    }

    @Override
    public void appendHistory(String userId, HistoryEntry entry) {
        Await.result(cassandra.users().appendHistory(userId, entry));
    }

    /** One round trip for all of a user's new entries of a batch. */
    @Override
    public void appendHistory(String userId, List<HistoryEntry> entries) {
        Await.result(cassandra.users().appendHistory(userId, entries));
    }

    /** Durable rows first (all of them, in parallel), then the Redis mirror, best-effort. */
    @Override
    public void recordUpload(VideoPublished video) {
        if (video.getVideoId().isBlank()) throw new IllegalArgumentException("videoId is required");
        VideoUpload upload = VideoUpload.of(video, clock);
        var durable = new ArrayList<CompletableFuture<Void>>();
        CassandraSignals rows = cassandra.signals();
        if (upload.channelId() != null) {
            durable.add(rows.addChannelUpload(upload.channelId(), upload.publishedAt(), upload.videoId()).toCompletableFuture());
        }
        upload.freshScopes().forEach((scope, value) -> durable.add(
                rows.addFresh(scope, value, upload.publishedAt(), upload.videoId(), upload.channelId()).toCompletableFuture()));
        Await.result(CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)));
        refresh(redisSignals.addUpload(upload), "ZADD of the uploads of " + upload.videoId());
    }

    @Override
    public void addTrending(String videoId, double weight, String... scopes) {
        if (weight == 0 || scopes == null || videoId == null || videoId.isBlank()) return;
        var distinct = new LinkedHashSet<String>();
        for (String s : scopes) if (s != null && !s.isBlank()) distinct.add(s);
        Instant now = clock.instant();
        for (String scope : distinct) refresh(redisSignals.addTrending(scope, videoId, weight, now), "ZINCRBY trend:" + scope);
    }

    /** @return whether Redis applied the call */
    private boolean refresh(CompletionStage<Void> call, String what) {
        try {
            Await.result(call);
            return true;
        } catch (RuntimeException e) {
            outages.report(what, e);
            return false;
        }
    }
}
