package dev.reelrank.featurestore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The durable side of the feature store: keyspace {@code reelrank} (schema in
 * {@code db/cql/V001__feature_store.cql}; {@code V005__video_stream_stats.cql} for the streaming
 * job's rows, only read here). Every call is async and uses statements prepared once
 * in the constructor; tables are named with their keyspace so the session needs none.
 *
 * <p>Errors are not caught here: callers decide (the read path lets them reach the feed pipeline,
 * the writer lets them reach the consumer, which retries and never commits a failed event).
 */
public final class CassandraFeatures {
    /** Concurrent partition reads of one batch; three statements each, well under the driver's 1024 per connection. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 128;

    private final CqlSession session;
    private final int maxInFlight;
    private final PreparedStatement selectVideo;
    private final PreparedStatement selectCounters;
    /** Null when stream stats are not read (see {@link FeatureStoreConfig#streamStats()}). */
    private final PreparedStatement selectStreamStats;
    private final PreparedStatement insertVideo;
    private final PreparedStatement addCounters;
    private final PreparedStatement addPopularity;
    private final PreparedStatement selectPopularity;
    private final PreparedStatement selectUser;
    private final PreparedStatement insertUser;
    private final PreparedStatement selectStampedUser;
    private final PreparedStatement insertUserAt;
    private final PreparedStatement insertHistory;
    private final PreparedStatement selectHistory;

    public CassandraFeatures(CqlSession session) {
        this(session, DEFAULT_MAX_IN_FLIGHT, FeatureStoreConfig.defaults().streamStats());
    }

    /**
     * @param maxInFlight how many videos of one batch read are fetched at once
     * @param streamStats whether video reads also read {@code video_stream_stats} (see
     *                    {@link FeatureStoreConfig#streamStats()}); off, that table need not exist
     */
    public CassandraFeatures(CqlSession session, int maxInFlight, boolean streamStats) {
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
        this.session = Objects.requireNonNull(session, "session");
        this.maxInFlight = maxInFlight;
        selectVideo = session.prepare("SELECT video_id, channel_id, title, category, tags, language, region, duration_seconds,"
                + " published_at, embedding_version FROM reelrank.video_features WHERE video_id = ?");
        selectCounters = session.prepare("SELECT impressions, views, clicks, watch_millis, likes, dislikes, shares, skips,"
                + " not_interested FROM reelrank.video_counters WHERE video_id = ?");
        selectStreamStats = !streamStats ? null : session.prepare("SELECT span, impressions, views, clicks, watch_seconds, likes,"
                + " dislikes, shares, skips, not_interested, ctr FROM reelrank.video_stream_stats WHERE video_id = ?");
        // Only the columns a publish event carries: embedding_version (set by the embedding job) survives re-publishing.
        insertVideo = session.prepare("INSERT INTO reelrank.video_features (video_id, channel_id, title, category, tags,"
                + " language, region, duration_seconds, published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        addCounters = session.prepare("UPDATE reelrank.video_counters SET impressions = impressions + ?, views = views + ?,"
                + " clicks = clicks + ?, watch_millis = watch_millis + ?, likes = likes + ?, dislikes = dislikes + ?,"
                + " shares = shares + ?, skips = skips + ?, not_interested = not_interested + ? WHERE video_id = ?");
        addPopularity = session.prepare("UPDATE reelrank.video_popularity SET score_milli = score_milli + ? WHERE scope = ? AND video_id = ?");
        selectPopularity = session.prepare("SELECT video_id, score_milli FROM reelrank.video_popularity WHERE scope = ?");
        selectUser = session.prepare("SELECT features FROM reelrank.user_features WHERE user_id = ?");
        insertUser = session.prepare("INSERT INTO reelrank.user_features (user_id, features, updated_at) VALUES (?, ?, ?)");
        selectStampedUser = session.prepare("SELECT features, WRITETIME(features) AS written FROM reelrank.user_features WHERE user_id = ?");
        insertUserAt = session.prepare("INSERT INTO reelrank.user_features (user_id, features, updated_at) VALUES (?, ?, ?) USING TIMESTAMP ?");
        insertHistory = session.prepare("INSERT INTO reelrank.user_history (user_id, occurred_at, video_id, action, watch_seconds,"
                + " channel_id) VALUES (?, ?, ?, ?, ?, ?)");
        selectHistory = session.prepare("SELECT occurred_at, video_id, action, watch_seconds, channel_id FROM reelrank.user_history"
                + " WHERE user_id = ? LIMIT ?");
    }

    /** For the retrieval-signal tables, which share the session. */
    CqlSession session() {
        return session;
    }

    // ---- videos ---------------------------------------------------------------------------

    /**
     * A video is known once its metadata (video.published) is stored; counters of a video whose
     * publish event has not arrived yet are kept but not served, so the feed never ranks a video
     * without a channel or category.
     *
     * <p>Metadata, the fold's counters and the streaming job's rows (one partition of at most four
     * rows) are three reads sent at once, so a video costs one round trip of latency; the job's
     * rows win over the fold's counters (see {@link StreamStats#merge}).
     */
    public CompletionStage<Optional<VideoFeatures>> video(String videoId) {
        CompletionStage<AsyncResultSet> meta = session.executeAsync(idempotent(selectVideo.bind(videoId)));
        CompletionStage<AsyncResultSet> counters = session.executeAsync(idempotent(selectCounters.bind(videoId)));
        CompletionStage<List<StreamStats.Span>> stream = selectStreamStats == null ? CompletableFuture.completedFuture(List.of())
                : session.executeAsync(idempotent(selectStreamStats.bind(videoId))).thenApply(CassandraFeatures::spans);
        return meta.thenCombine(counters, (m, c) -> {
            Row row = m.one();
            return row == null ? Optional.<VideoFeatures>empty() : Optional.of(toVideo(row, c.one()));
        }).thenCombine(stream, (video, spans) -> video.map(v -> StreamStats.merge(v, spans)));
    }

    /** Known videos among {@code videoIds}, read in parallel (bounded), in input order. */
    public CompletionStage<Map<String, VideoFeatures>> videos(Collection<String> videoIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(videoIds));
        return BoundedParallel.map(ids, maxInFlight, this::video).thenApply(found -> {
            var out = new LinkedHashMap<String, VideoFeatures>(found.size() * 2);
            for (Optional<VideoFeatures> v : found) v.ifPresent(f -> out.put(f.getVideoId(), f));
            return out;
        });
    }

    public CompletionStage<Void> upsertVideo(VideoPublished v) {
        requireId(v.getVideoId(), "videoId");
        BoundStatement s = insertVideo.bind(v.getVideoId(), v.getChannelId(), v.getTitle(), v.getCategory(),
                List.copyOf(v.getTagsList()), v.getLanguage(), v.getRegion(), v.getDurationSeconds(),
                v.hasPublishedAt() ? toInstant(v.getPublishedAt()) : null, Instant.now());
        return session.executeAsync(idempotent(s)).thenApply(rs -> null);
    }

    /**
     * Every stored video's metadata, without counters, read in pages of {@code pageSize}: for batch
     * jobs over the whole catalogue (re-embedding it with a new model), never for serving.
     */
    public void forEachVideo(int pageSize, java.util.function.Consumer<VideoFeatures> action) {
        var scan = com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("SELECT video_id, channel_id, title, category, tags,"
                + " language, region, duration_seconds, published_at, embedding_version FROM reelrank.video_features")
                .setPageSize(pageSize).setIdempotent(true);
        for (Row row : session.execute(scan)) action.accept(toVideo(row, null));
    }

    /** Counter increments are not idempotent: the driver never retries them on its own. */
    public CompletionStage<Void> addVideoStats(String videoId, VideoStatsDelta d) {
        requireId(videoId, "videoId");
        BoundStatement s = addCounters.bind(d.impressions(), d.views(), d.clicks(), Math.round(d.watchSeconds() * 1000),
                d.likes(), d.dislikes(), d.shares(), d.skips(), d.notInterested(), videoId);
        return session.executeAsync(s).thenApply(rs -> null);
    }

    // ---- popularity -----------------------------------------------------------------------

    /** @param scoreMilli engagement weight in thousandths (counters are integers) */
    public CompletionStage<Void> addPopularity(String scope, String videoId, long scoreMilli) {
        requireId(scope, "scope");
        requireId(videoId, "videoId");
        return session.executeAsync(addPopularity.bind(scoreMilli, scope, videoId)).thenApply(rs -> null);
    }

    /**
     * The {@code n} best videos of a scope. Reads the whole partition (paged) and keeps a heap of
     * n: this is the fallback for when the Redis sorted set is unavailable, not the hot path.
     */
    public CompletionStage<List<ScoredVideo>> topPopular(String scope, int n) {
        if (n <= 0) return CompletableFuture.completedFuture(List.of());
        var heap = new PriorityQueue<ScoredVideo>(n + 1, Comparator.comparingDouble(ScoredVideo::score));
        return session.executeAsync(idempotent(selectPopularity.bind(scope)))
                .thenCompose(rs -> drainTop(rs, heap, n))
                .thenApply(h -> {
                    var top = new ArrayList<>(h);
                    top.sort(Comparator.comparingDouble(ScoredVideo::score).reversed().thenComparing(ScoredVideo::videoId));
                    return List.copyOf(top);
                });
    }

    private static CompletionStage<PriorityQueue<ScoredVideo>> drainTop(AsyncResultSet rs, PriorityQueue<ScoredVideo> heap, int n) {
        for (Row row : rs.currentPage()) {
            heap.add(new ScoredVideo(row.getString("video_id"), row.getLong("score_milli") / 1000.0));
            if (heap.size() > n) heap.poll();
        }
        return rs.hasMorePages() ? rs.fetchNextPage().thenCompose(next -> drainTop(next, heap, n))
                : CompletableFuture.completedFuture(heap);
    }

    // ---- users ----------------------------------------------------------------------------

    public CompletionStage<Optional<UserFeatures>> user(String userId) {
        return session.executeAsync(idempotent(selectUser.bind(userId))).thenApply(rs -> {
            Row row = rs.one();
            ByteBuffer bytes = row == null ? null : row.getByteBuffer("features");
            if (bytes == null) return Optional.empty();
            try {
                return Optional.of(UserFeatures.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                // A durable row we cannot read is a real fault (not a cache miss): surface it.
                throw new IllegalStateException("user_features of " + userId + " is not a UserFeatures message", e);
            }
        });
    }

    /** Stored features and the write time of the row (microseconds, Cassandra's own timestamp). */
    public record StampedUser(UserFeatures features, long writtenMicros) {}

    public CompletionStage<Optional<StampedUser>> stampedUser(String userId) {
        return session.executeAsync(idempotent(selectStampedUser.bind(userId))).thenApply(rs -> {
            Row row = rs.one();
            ByteBuffer bytes = row == null ? null : row.getByteBuffer("features");
            if (bytes == null) return Optional.empty();
            try {
                return Optional.of(new StampedUser(UserFeatures.parseFrom(bytes), row.getLong("written")));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("user_features of " + userId + " is not a UserFeatures message", e);
            }
        });
    }

    /**
     * Writes with an explicit timestamp instead of the driver's clock: Cassandra keeps the write
     * with the highest timestamp whatever order writes arrive in, which {@link CassandraUserRewriter}
     * uses to lose against every write made after its read.
     */
    public CompletionStage<Void> putUserAt(UserFeatures user, long timestampMicros) {
        requireId(user.getUserId(), "userId");
        BoundStatement s = insertUserAt.bind(user.getUserId(), ByteBuffer.wrap(user.toByteArray()), Instant.now(), timestampMicros);
        return session.executeAsync(idempotent(s)).thenApply(rs -> null);
    }

    public CompletionStage<Void> putUser(UserFeatures user) {
        requireId(user.getUserId(), "userId");
        BoundStatement s = insertUser.bind(user.getUserId(), ByteBuffer.wrap(user.toByteArray()), Instant.now());
        return session.executeAsync(idempotent(s)).thenApply(rs -> null);
    }

    /**
     * Keyed by the event's time and video, so a replayed event (at-least-once delivery)
     * overwrites its own row instead of adding a duplicate.
     */
    public CompletionStage<Void> appendHistory(String userId, HistoryEntry e) {
        requireId(userId, "userId");
        return session.executeAsync(idempotent(historyRow(userId, e))).thenApply(rs -> null);
    }

    /**
     * Several entries of one user in one round trip: an unlogged batch is the right tool here
     * because every row lands in the same partition ({@code user_id}), so the coordinator applies
     * it as a single mutation instead of fanning out.
     */
    public CompletionStage<Void> appendHistory(String userId, List<HistoryEntry> entries) {
        requireId(userId, "userId");
        if (entries.isEmpty()) return CompletableFuture.completedFuture(null);
        if (entries.size() == 1) return appendHistory(userId, entries.get(0));
        // Cassandra refuses a batch over batch_size_fail_threshold (50 KiB by default) and warns
        // past 5 KiB: a busy user's batch goes in chunks of rows well under both.
        var chunks = new ArrayList<CompletableFuture<Void>>();
        for (int from = 0; from < entries.size(); from += HISTORY_ROWS_PER_BATCH) {
            var batch = com.datastax.oss.driver.api.core.cql.BatchStatement.builder(com.datastax.oss.driver.api.core.cql.DefaultBatchType.UNLOGGED);
            for (HistoryEntry e : entries.subList(from, Math.min(entries.size(), from + HISTORY_ROWS_PER_BATCH))) {
                batch.addStatement(historyRow(userId, e));
            }
            chunks.add(session.executeAsync(batch.build().setIdempotent(true)).thenApply(rs -> (Void) null).toCompletableFuture());
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new));
    }

    /** History rows (~60–100 bytes each) per unlogged batch: under Cassandra's 5 KiB batch warning. */
    static final int HISTORY_ROWS_PER_BATCH = 40;

    private BoundStatement historyRow(String userId, HistoryEntry e) {
        requireId(e.getVideoId(), "videoId");
        Instant at = e.hasAt() && !e.getAt().equals(Timestamp.getDefaultInstance()) ? toInstant(e.getAt()) : Instant.now();
        return insertHistory.bind(userId, at, e.getVideoId(), e.getAction().name(), e.getWatchSeconds(), e.getChannelId());
    }

    /** Newest first. Category and watch ratio are not stored per row; they live in UserFeatures.recent. */
    public CompletionStage<List<HistoryEntry>> history(String userId, int limit) {
        return session.executeAsync(idempotent(selectHistory.bind(userId, limit))).thenApply(rs -> {
            var out = new ArrayList<HistoryEntry>();
            for (Row row : rs.currentPage()) {
                var b = HistoryEntry.newBuilder().setVideoId(row.getString("video_id"))
                        .setWatchSeconds(row.getDouble("watch_seconds"))
                        .setAction(actionOf(row.getString("action")));
                if (row.getString("channel_id") != null) b.setChannelId(row.getString("channel_id"));
                Instant at = row.getInstant("occurred_at");
                if (at != null) b.setAt(toTimestamp(at));
                out.add(b.build());
            }
            return List.copyOf(out);
        });
    }

    // ---- mapping --------------------------------------------------------------------------

    private static VideoFeatures toVideo(Row meta, Row counters) {
        var b = VideoFeatures.newBuilder().setVideoId(meta.getString("video_id"));
        setIfPresent(meta.getString("channel_id"), b::setChannelId);
        setIfPresent(meta.getString("title"), b::setTitle);
        setIfPresent(meta.getString("category"), b::setCategory);
        setIfPresent(meta.getString("language"), b::setLanguage);
        setIfPresent(meta.getString("region"), b::setRegion);
        setIfPresent(meta.getString("embedding_version"), b::setEmbeddingVersion);
        List<String> tags = meta.getList("tags", String.class);
        if (tags != null) b.addAllTags(tags);
        b.setDurationSeconds(meta.getInt("duration_seconds"));
        Instant published = meta.getInstant("published_at");
        if (published != null) b.setPublishedAt(toTimestamp(published));
        if (counters != null) {
            // A null counter column reads as 0, which is what it means.
            b.setImpressions(counters.getLong("impressions")).setViews(counters.getLong("views"))
                    .setClicks(counters.getLong("clicks")).setWatchSeconds(counters.getLong("watch_millis") / 1000.0)
                    .setLikes(counters.getLong("likes")).setDislikes(counters.getLong("dislikes"))
                    .setShares(counters.getLong("shares")).setSkips(counters.getLong("skips"))
                    .setNotInterested(counters.getLong("not_interested"));
        }
        return b.build();
    }

    /** A partition holds one row per span (four), so its first page is all of it. */
    private static List<StreamStats.Span> spans(AsyncResultSet rs) {
        var out = new ArrayList<StreamStats.Span>(4);
        for (Row row : rs.currentPage()) {
            // A null counter column reads as 0, which is what it means; a null ctr means no impressions.
            var counts = new VideoStatsDelta(row.getLong("impressions"), row.getLong("views"), row.getLong("clicks"),
                    row.getDouble("watch_seconds"), row.getLong("likes"), row.getLong("dislikes"), row.getLong("shares"),
                    row.getLong("skips"), row.getLong("not_interested"));
            out.add(new StreamStats.Span(row.getString("span"), counts, row.isNull("ctr") ? null : row.getDouble("ctr")));
        }
        return out;
    }

    private static void setIfPresent(String value, java.util.function.Consumer<String> setter) {
        if (value != null) setter.accept(value);
    }

    private static Action actionOf(String name) {
        try {
            return name == null ? Action.action_unspecified : Action.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Action.action_unspecified;
        }
    }

    private static BoundStatement idempotent(BoundStatement s) {
        return s.setIdempotent(true);
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException(what + " is required");
    }

    static Instant toInstant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static Timestamp toTimestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
