package dev.reelrank.featurestore.tiered;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.BoundedParallel;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.VideoUpload;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.cassandra.CassandraSignals;
import dev.reelrank.featurestore.cassandra.PartitionBatches;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.redis.RedisSignals;
import dev.reelrank.proto.v1.VideoPublished;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The catalogue back-fill's writer: for a chunk of {@code video.published} events, exactly the
 * rows and keys {@link TieredFeatureWriter#upsertVideo} and {@link TieredFeatureWriter#recordUpload}
 * write for each video (the same statements, the same {@link VideoUpload}, the same sets), sent at
 * the stores' speed: Cassandra rows as unlogged batches of one partition each (a channel's uploads,
 * a fresh list's new rows), at most {@code maxInFlight} requests at once; Redis as one pipeline
 * per chunk (one {@code DEL} of the videos' cached entries, one {@code ZADD} per set).
 *
 * <p>Cassandra first, then Redis, as the live writer; unlike it a Redis failure fails the chunk
 * (a back-fill is re-run, and re-running writes the same rows and members again: idempotent).
 */
public final class VideoBackfill {
    /**
     * @param rowsPerBatch rows per unlogged batch of one partition (a {@code fresh_uploads} row is
     *                     ~60 bytes: 50 stay under Cassandra's 5 KB batch warning)
     * @param maxInFlight  Cassandra requests (batches or single rows) outstanding at once
     */
    public record Settings(int rowsPerBatch, int maxInFlight) {
        public static final Settings DEFAULTS = new Settings(50, 32);

        public Settings {
            if (rowsPerBatch < 1) throw new IllegalArgumentException("rowsPerBatch must be >= 1, was " + rowsPerBatch);
            if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
        }
    }

    /** What one chunk cost: rows written and the Cassandra requests they took. */
    public record Written(int videos, int rows, int requests) {}

    private final CqlSession session;
    private final CassandraFeatures cassandra;
    private final RedisFeatures redis;
    private final RedisSignals redisSignals;
    private final Clock clock;
    private final Settings settings;

    /**
     * @param redis   its timeout bounds each chunk's pipeline: give a back-fill seconds, not the
     *                serving path's milliseconds
     * @param signals the trims and expiry of the upload sets, as the live writer's
     * @param clock   the publish time of videos that carry none (as the live writer)
     */
    public VideoBackfill(CqlSession session, RedisFeatures redis, RetrievalStoreConfig signals, Clock clock, Settings settings) {
        this.session = Objects.requireNonNull(session, "session");
        this.cassandra = new CassandraFeatures(session);
        this.redis = Objects.requireNonNull(redis, "redis");
        this.redisSignals = redis.signals(signals);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Caches a chunk of videos in Redis ({@code v:{id}}) with what Cassandra holds for them now
     * (metadata, counters, the streaming job's windows: the serving read path's own value), as its
     * read path would after a miss: {@code SET NX} with {@code ttl}, spread (see
     * {@link RedisFeatures#putVideos}). The writers only ever delete these keys, so after a
     * back-fill of millions of videos, or a Redis restart, every candidate of every feed is a miss
     * until read once: at 1M videos that is three Cassandra reads per candidate, ~1,000 candidates a
     * feed, more than a box's Cassandra answers (BENCHMARKS.md, issue 18). Unknown ids are skipped.
     *
     * @return the videos cached (known to Cassandra)
     */
    public int warmCache(List<String> videoIds, java.time.Duration ttl) {
        if (videoIds.isEmpty()) return 0;
        var known = Await.result(cassandra.videos().videos(videoIds));
        Await.result(redis.putVideosIfAbsent(known.values(), ttl));
        return known.size();
    }

    /** Writes a chunk; returns once Cassandra and Redis have all of it, or throws. */
    public Written write(List<VideoPublished> videos) {
        if (videos.isEmpty()) return new Written(0, 0, 0);
        var uploads = new ArrayList<VideoUpload>(videos.size());
        var rows = new ArrayList<BoundStatement>(videos.size() * 5);
        CassandraSignals signals = cassandra.signals();
        for (VideoPublished v : videos) {
            rows.add(cassandra.videos().upsertStatement(v));
            VideoUpload u = VideoUpload.of(v, clock);
            uploads.add(u);
            if (u.channelId() != null) rows.add(signals.channelUploadStatement(u.channelId(), u.publishedAt(), u.videoId()));
            u.freshScopes().forEach((scope, value) -> rows.add(signals.freshStatement(scope, value, u.publishedAt(), u.videoId(), u.channelId())));
        }
        var requests = PartitionBatches.unloggedBatches(rows, settings.rowsPerBatch());
        Await.result(BoundedParallel.map(requests, settings.maxInFlight(), s -> session.executeAsync(s)));
        Await.result(redis.delete(videos.stream().map(v -> RedisFeatures.videoKey(v.getVideoId())).toList()));
        Await.result(redisSignals.addUploads(uploads));
        return new Written(videos.size(), rows.size(), requests.size());
    }
}
