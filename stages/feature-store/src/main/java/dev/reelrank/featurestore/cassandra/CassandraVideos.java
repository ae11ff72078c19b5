package dev.reelrank.featurestore.cassandra;

import static dev.reelrank.featurestore.cassandra.Cql.idempotent;
import static dev.reelrank.featurestore.cassandra.Cql.requireId;
import static dev.reelrank.featurestore.cassandra.Cql.toInstant;
import static dev.reelrank.featurestore.cassandra.Cql.toTimestamp;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.reelrank.featurestore.AsyncGate;
import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Videos in Cassandra: metadata in {@code video_features} and the fold's counters in
 * {@code video_counters} (schema in {@code db/cql/V001__feature_store.cql}), and, read only, the
 * streaming job's rows in {@code video_stream_stats} ({@code V005__video_stream_stats.cql}).
 * Statements are prepared once in the constructor; errors are not caught here (see
 * {@link CassandraFeatures}).
 */
public final class CassandraVideos {
    /** Videos read at once by this process; three statements each, well under the driver's 1024 per connection. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 128;

    private final CqlSession session;
    /** Shared by every read of this instance (one per process): concurrent batches wait, not fail. */
    private final AsyncGate reads;
    private final PreparedStatement selectVideo;
    private final PreparedStatement selectCounters;
    /** Null when stream stats are not read (see {@link FeatureStoreConfig#streamStats()}). */
    private final PreparedStatement selectStreamStats;
    private final PreparedStatement insertVideo;
    private final PreparedStatement addCounters;

    public CassandraVideos(CqlSession session) {
        this(session, DEFAULT_MAX_IN_FLIGHT, FeatureStoreConfig.defaults().streamStats());
    }

    /**
     * @param maxInFlight how many videos are fetched at once, across every concurrent batch read
     * @param streamStats whether video reads also read {@code video_stream_stats} (see
     *                    {@link FeatureStoreConfig#streamStats()}); off, that table need not exist
     */
    public CassandraVideos(CqlSession session, int maxInFlight, boolean streamStats) {
        this(session, new AsyncGate(maxInFlight, FeatureStoreConfig.DEFAULT_CASSANDRA_READ_MAX_QUEUED,
                FeatureStoreConfig.DEFAULT_CASSANDRA_READ_MAX_WAIT), streamStats);
    }

    /** @param reads bounds the videos fetched at once and how many, how long, wait for that (see {@link AsyncGate}) */
    public CassandraVideos(CqlSession session, AsyncGate reads, boolean streamStats) {
        this.session = Objects.requireNonNull(session, "session");
        this.reads = Objects.requireNonNull(reads, "reads");
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
    }

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
                : session.executeAsync(idempotent(selectStreamStats.bind(videoId))).thenApply(CassandraVideos::spans);
        return meta.thenCombine(counters, (m, c) -> {
            Row row = m.one();
            return row == null ? Optional.<VideoFeatures>empty() : Optional.of(toVideo(row, c.one()));
        }).thenCombine(stream, (video, spans) -> video.map(v -> StreamStats.merge(v, spans)));
    }

    /**
     * A known video's metadata alone: the {@code video_features} row, one statement. Counters and
     * windows are unset, so the value must never be cached where full reads are served from.
     */
    public CompletionStage<Optional<VideoFeatures>> metadata(String videoId) {
        return session.executeAsync(idempotent(selectVideo.bind(videoId)))
                .thenApply(rs -> Optional.ofNullable(rs.one()).map(row -> toVideo(row, null)));
    }

    /** Known videos among {@code videoIds}, read in parallel (bounded per process), in input order. */
    public CompletionStage<Map<String, VideoFeatures>> videos(Collection<String> videoIds) {
        return batch(videoIds, this::video);
    }

    /**
     * As {@link #videos}, each video by {@link #metadata(String)}: a third of the statements, through
     * the same permits (a permit is a video either way, so the bound only gets looser on the driver).
     */
    public CompletionStage<Map<String, VideoFeatures>> metadata(Collection<String> videoIds) {
        return batch(videoIds, this::metadata);
    }

    private CompletionStage<Map<String, VideoFeatures>> batch(Collection<String> videoIds,
                                                             Function<String, CompletionStage<Optional<VideoFeatures>>> readOne) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(videoIds));
        @SuppressWarnings("unchecked")
        CompletableFuture<Optional<VideoFeatures>>[] reads = new CompletableFuture[ids.size()];
        for (int i = 0; i < reads.length; i++) {
            String id = ids.get(i);
            reads[i] = this.reads.submit(() -> readOne.apply(id)).toCompletableFuture();
        }
        // One failed read fails the batch: its reads still waiting for a permit are dropped, not run.
        var failed = new java.util.concurrent.atomic.AtomicBoolean();
        for (var read : reads) read.whenComplete((v, error) -> {
            if (error != null && failed.compareAndSet(false, true)) for (var other : reads) other.cancel(false);
        });
        return CompletableFuture.allOf(reads).handle((ignored, error) -> {
            if (error != null) throw new CompletionException(firstFailure(reads));
            var out = new LinkedHashMap<String, VideoFeatures>(reads.length * 2);
            for (var read : reads) read.join().ifPresent(f -> out.put(f.getVideoId(), f));
            return out;
        });
    }

    /** The failure that failed the batch, not a cancellation it caused in the other reads. */
    private static Throwable firstFailure(CompletableFuture<?>[] reads) {
        Throwable cancelled = null;
        for (var read : reads) {
            if (!read.isCompletedExceptionally()) continue;
            try {
                read.join();
            } catch (java.util.concurrent.CancellationException e) {
                cancelled = e;
            } catch (CompletionException e) {
                return Await.unwrap(e);
            }
        }
        return cancelled;
    }

    public CompletionStage<Void> upsertVideo(VideoPublished v) {
        return session.executeAsync(upsertStatement(v)).thenApply(rs -> null);
    }

    /**
     * The {@code video_features} row of a published video, as {@link #upsertVideo} writes it: for
     * writers that batch many rows themselves (the catalogue back-fill).
     */
    public BoundStatement upsertStatement(VideoPublished v) {
        requireId(v.getVideoId(), "videoId");
        return idempotent(insertVideo.bind(v.getVideoId(), v.getChannelId(), v.getTitle(), v.getCategory(),
                List.copyOf(v.getTagsList()), v.getLanguage(), v.getRegion(), v.getDurationSeconds(),
                v.hasPublishedAt() ? toInstant(v.getPublishedAt()) : null, Instant.now()));
    }

    /**
     * Every stored video's metadata, without counters, read in pages of {@code pageSize}: for batch
     * jobs over the whole catalogue (re-embedding it with a new model), never for serving.
     */
    public void forEachVideo(int pageSize, Consumer<VideoFeatures> action) {
        var scan = SimpleStatement.newInstance("SELECT video_id, channel_id, title, category, tags,"
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

    // ---- mapping --------------------------------------------------------------------------

    private static VideoFeatures toVideo(Row meta, Row counters) {
        long now = System.currentTimeMillis();
        var b = VideoFeatures.newBuilder().setVideoId(meta.getString("video_id"))
                .setReadAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(now / 1000).setNanos((int) (now % 1000) * 1_000_000));
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

    private static void setIfPresent(String value, Consumer<String> setter) {
        if (value != null) setter.accept(value);
    }
}
