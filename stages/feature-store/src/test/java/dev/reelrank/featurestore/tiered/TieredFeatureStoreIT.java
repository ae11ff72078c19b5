package dev.reelrank.featurestore.tiered;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.StackFixture;
import dev.reelrank.featurestore.TrendDecay;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.cassandra.CassandraVideos;
import dev.reelrank.featurestore.redis.RedisBreaker;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real local Cassandra and Redis ({@code scripts/stack up}); ids are unique per run. */
class TieredFeatureStoreIT {
    /**
     * No freshness window: these tests change a video behind the store and expect the next read to
     * go to Redis and Cassandra (the window itself is covered by TieredVideosTest).
     */
    private static final FeatureStoreConfig CONFIG = new FeatureStoreConfig(
            Duration.ofMillis(500), Duration.ofMinutes(5), Duration.ofMinutes(5), 100, Duration.ZERO, 10, true);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** This run's decayed sets only: a streaming job on the stack writes the default ones. */
    private static final TrendDecay DECAY = new TrendDecay("it-trend-decay:" + RUN + ":", Duration.ofHours(1));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static StackFixture stack;
    private static CassandraFeatures cassandra;
    /** The client under {@link #redis}, to write as the streaming job does. */
    private static Redis redisClient;
    private static RedisFeatures redis;
    private static TieredFeatureStore store;
    private static TieredFeatureWriter writer;

    @BeforeAll
    static void connect() {
        stack = new StackFixture();
        cassandra = new CassandraFeatures(stack.session);
        redisClient = stack.redis(StackFixture.REDIS_URL);
        redis = new RedisFeatures(redisClient, CONFIG.redisTimeout());
        store = new TieredFeatureStore(cassandra, redis, CONFIG, DECAY, Clock.fixed(NOW, ZoneOffset.UTC));
        writer = new TieredFeatureWriter(cassandra, redis, CONFIG);
    }

    @AfterAll
    static void close() {
        if (stack != null) stack.close();
    }

    private static String id(String what) {
        return "it-" + RUN + "-" + what + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static VideoPublished published(String videoId, String title) {
        return VideoPublished.newBuilder().setVideoId(videoId).setChannelId("ch-" + videoId).setTitle(title)
                .setCategory("music").addTags("live").addTags("jazz").setLanguage("en").setRegion("PT")
                .setDurationSeconds(240).setPublishedAt(Timestamp.newBuilder().setSeconds(1_764_000_000L)).build();
    }

    @Test
    void videoRoundTripMergesMetadataAndCountersAndWritesBackToRedis() {
        String v = id("video");
        writer.upsertVideo(published(v, "first cut"));
        writer.addVideoStats(v, new VideoStatsDelta(1, 1, 0, 30.5, 1, 0, 0, 0, 0));
        writer.addVideoStats(v, new VideoStatsDelta(1, 1, 1, 12.25, 0, 0, 1, 0, 0));
        assertTrue(Await.result(redis.videos(List.of(v))).isEmpty(), "nothing cached before the first read");

        VideoFeatures read = store.videos(List.of(v, id("unknown"))).get(v);
        assertEquals("first cut", read.getTitle());
        assertEquals("ch-" + v, read.getChannelId());
        assertEquals(List.of("live", "jazz"), read.getTagsList());
        assertEquals(240, read.getDurationSeconds());
        assertEquals(1_764_000_000L, read.getPublishedAt().getSeconds());
        assertEquals(2, read.getImpressions());
        assertEquals(2, read.getViews());
        assertEquals(1, read.getClicks());
        assertEquals(42.75, read.getWatchSeconds(), 1e-9);
        assertEquals(1, read.getLikes());
        assertEquals(1, read.getShares());
        assertEquals(Map.of(v, read), store.videos(List.of(v)), "unknown ids are absent");

        // The write-back is fire-and-forget: wait for it.
        await().atMost(Duration.ofSeconds(10)).until(() -> read.equals(Await.result(redis.videos(List.of(v))).get(v)));

        // Republishing invalidates the cached message, so the new title shows on the next read.
        writer.upsertVideo(published(v, "final cut"));
        assertTrue(Await.result(redis.videos(List.of(v))).isEmpty());
        assertEquals("final cut", store.videos(List.of(v)).get(v).getTitle());
        assertEquals(2, store.videos(List.of(v)).get(v).getViews());
    }

    /** A row as the streaming features job writes it (absolute values, see CassandraStatsSink). */
    private static void streamRow(String videoId, String span, long impressions, long views, long clicks, double watchSeconds,
                                  long likes, Double ctr) {
        stack.session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
                "INSERT INTO reelrank.video_stream_stats (video_id, span, impressions, views, clicks, watch_seconds, likes, dislikes,"
                        + " shares, skips, not_interested, ctr, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 2, 3, 4, ?, toTimestamp(now()))",
                videoId, span, impressions, views, clicks, watchSeconds, likes, ctr));
    }

    @Test
    void theStreamingJobsRowsWinOverTheFoldsCountersAndFillTheWindows() {
        String v = id("stream");
        writer.upsertVideo(published(v, "streamed"));
        writer.addVideoStats(v, new VideoStatsDelta(100, 90, 80, 70, 60, 50, 40, 30, 20));
        streamRow(v, "total", 12, 6, 3, 45.5, 2, 0.25);
        streamRow(v, "5m", 4, 2, 1, 10.0, 1, 0.25);
        streamRow(v, "1h", 0, 0, 0, 0.0, 0, null);
        streamRow(v, "24h", 12, 6, 3, 45.5, 2, 0.25);

        VideoFeatures read = Await.result(cassandra.videos().video(v)).orElseThrow();
        assertEquals("streamed", read.getTitle());
        assertEquals(List.of(12L, 6L, 3L, 2L, 1L, 2L, 3L, 4L), List.of(read.getImpressions(), read.getViews(), read.getClicks(),
                read.getLikes(), read.getDislikes(), read.getShares(), read.getSkips(), read.getNotInterested()), "the job's total");
        assertEquals(45.5, read.getWatchSeconds(), 1e-9);
        assertEquals(4, read.getLast5M().getImpressions());
        assertEquals(10.0, read.getLast5M().getWatchSeconds(), 1e-9);
        assertEquals(0.25, read.getLast5M().getCtr(), 1e-9);
        assertTrue(read.hasLast1H(), "an empty window row is still a window");
        assertEquals(0.0, read.getLast1H().getCtr(), "a null ctr reads as 0");
        assertEquals(6, read.getLast24H().getViews());
        // Each Cassandra read stamps its own read_at: the same message otherwise.
        assertEquals(unstamped(read), unstamped(store.videos(List.of(v)).get(v)), "the tiered read serves the same message");
        assertTrue(store.videos(List.of(v)).get(v).hasReadAt(), "stamped with its read time");
        await().atMost(Duration.ofSeconds(10)).until(() -> unstamped(read).equals(unstamped(Await.result(redis.videos(List.of(v))).get(v))));

        // Switched off, the fold's counters and no windows, as before the job existed.
        VideoFeatures off = Await.result(new CassandraVideos(stack.session, CassandraVideos.DEFAULT_MAX_IN_FLIGHT, false).video(v))
                .orElseThrow();
        assertEquals(100, off.getImpressions());
        assertFalse(off.hasLast5M() || off.hasLast1H() || off.hasLast24H());
    }

    @Test
    void videosTheJobHasNotSeenKeepTheFoldsCountersAndVideosWithoutMetadataStayUnknown() {
        String counted = id("unstreamed"), anonymous = id("no-metadata");
        writer.upsertVideo(published(counted, "only folded"));
        writer.addVideoStats(counted, new VideoStatsDelta(5, 4, 3, 2.5, 1, 0, 0, 0, 0));
        streamRow(anonymous, "total", 9, 9, 9, 9.0, 9, 1.0);
        streamRow(anonymous, "5m", 9, 9, 9, 9.0, 9, 1.0);

        VideoFeatures read = Await.result(cassandra.videos().video(counted)).orElseThrow();
        assertEquals(5, read.getImpressions());
        assertEquals(2.5, read.getWatchSeconds(), 1e-9);
        assertFalse(read.hasLast5M() || read.hasLast1H() || read.hasLast24H());
        assertEquals(Optional.empty(), Await.result(cassandra.videos().video(anonymous)), "stream rows alone do not make a video known");
        assertEquals(List.of(counted), List.copyOf(store.videos(List.of(anonymous, counted)).keySet()));
    }

    @Test
    void batchReadOfManyVideosKeepsRequestOrder() {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 300; i++) ids.add(id("batch" + i));
        for (String v : ids.subList(0, 250)) Await.result(cassandra.videos().upsertVideo(published(v, v)));
        List<String> request = new ArrayList<>(ids.reversed());
        Map<String, VideoFeatures> read = store.videos(request);
        assertEquals(250, read.size());
        assertEquals(request.stream().filter(read::containsKey).toList(), List.copyOf(read.keySet()));
        await().atMost(Duration.ofSeconds(10)).until(() -> Await.result(redis.videos(ids)).size() == 250);
    }

    @Test
    void metadataReadsReadOnlyTheMetadataRowAndCacheNothing() {
        String v = id("metadata"), unknown = id("metadata-unknown");
        writer.upsertVideo(published(v, "metadata cut"));
        writer.addVideoStats(v, new VideoStatsDelta(3, 2, 1, 10.0, 1, 0, 0, 0, 0));
        var local = downStore(stack.redis(StackFixture.REDIS_URL));

        Map<String, VideoFeatures> meta = local.videoMetadata(List.of(unknown, v));
        assertEquals(List.of(v), List.copyOf(meta.keySet()), "the unknown id is absent");
        VideoFeatures m = meta.get(v);
        assertEquals(List.of("ch-" + v, "music", "en", "PT", "metadata cut"),
                List.of(m.getChannelId(), m.getCategory(), m.getLanguage(), m.getRegion(), m.getTitle()));
        assertEquals(List.of("live", "jazz"), m.getTagsList());
        assertEquals(240, m.getDurationSeconds());
        assertEquals(1_764_000_000L, m.getPublishedAt().getSeconds());
        assertEquals(0, m.getImpressions(), "counters are not read");
        assertEquals(unstamped(m), unstamped(Await.result(cassandra.videos().metadata(List.of(v))).get(v)), "the durable store's metadata read");
        assertTrue(Await.result(redis.videos(List.of(v))).isEmpty(), "no v:{id} written");
        assertEquals(0, local.hotVideoCacheSize(), "nor kept in the local cache");

        // A full read still sees the counters, and its write-back (SET NX) finds the key free.
        VideoFeatures full = local.videos(List.of(v)).get(v);
        assertEquals(List.of(3L, 2L, 1L), List.of(full.getImpressions(), full.getViews(), full.getClicks()));
        await().atMost(Duration.ofSeconds(10)).until(() -> full.equals(Await.result(redis.videos(List.of(v))).get(v)));
        assertEquals(full, local.videoMetadata(List.of(v)).get(v), "a full value in Redis serves as metadata");
    }

    @Test
    void userRoundTripWritesThroughAndRepopulatesAfterEviction() {
        String u = id("user");
        var user = UserFeatures.newBuilder().setUserId(u).addWatchedVideoIds("v1").addWatchedVideoIds("v2")
                .putCategoryAffinity("music", 1.5).setInteractionCount(2).build();
        writer.putUser(user);
        assertEquals(Optional.of(user), Await.result(redis.user(u)), "writer refreshed the cache");
        assertEquals(Optional.of(user), Await.result(cassandra.users().user(u)), "and Cassandra holds it durably");

        Await.result(redis.delete(List.of(RedisFeatures.userKey(u))));
        assertEquals(Optional.of(user), store.user(u), "read from Cassandra on a miss");
        await().atMost(Duration.ofSeconds(10)).until(() -> Await.result(redis.user(u)).equals(Optional.of(user)));
        assertEquals(Optional.empty(), store.user(id("nobody")));

        // A write-back never replaces a value the writer put there meanwhile.
        Await.result(redis.putUserIfAbsent(user.toBuilder().setInteractionCount(1).build(), Duration.ofMinutes(1)));
        assertEquals(Optional.of(user), Await.result(redis.user(u)));
    }

    @Test
    void historyIsNewestFirstAndLimited() {
        String u = id("history");
        for (int i = 0; i < 12; i++) {
            writer.appendHistory(u, HistoryEntry.newBuilder().setVideoId("v" + i).setChannelId("c").setAction(Action.watch)
                    .setWatchSeconds(i).setAt(Timestamp.newBuilder().setSeconds(1_764_000_000L + i)).build());
        }
        List<HistoryEntry> history = store.history(u);
        assertEquals(10, history.size());
        assertEquals("v11", history.getFirst().getVideoId());
        assertEquals(Action.watch, history.getFirst().getAction());
        assertEquals(11.0, history.getFirst().getWatchSeconds());
        assertEquals("v2", history.getLast().getVideoId());
    }

    @Test
    void aBusyUsersHistoryOfOneBatchIsWrittenInChunksCassandraAccepts() {
        String u = id("busy");
        var entries = new java.util.ArrayList<HistoryEntry>();
        // 1,000 rows of ~100 bytes: one unlogged batch of them would be over the 50 KiB fail threshold.
        for (int i = 0; i < 1000; i++) {
            entries.add(HistoryEntry.newBuilder().setVideoId("video-with-a-longish-id-" + i).setChannelId("channel-" + i)
                    .setAction(Action.watch).setWatchSeconds(i).setAt(Timestamp.newBuilder().setSeconds(1_764_000_000L + i)).build());
        }
        writer.appendHistory(u, entries);
        List<HistoryEntry> history = Await.result(cassandra.users().history(u, 2000));
        assertEquals(1000, history.size());
        assertEquals("video-with-a-longish-id-999", history.getFirst().getVideoId());
    }

    @Test
    void popularityIsRankedInRedisAndInItsDurableTwin() {
        String scope = id("scope");
        String a = id("a"), b = id("b"), c = id("c");
        writer.addPopularity(a, 1.0, scope, Popularity.GLOBAL, scope);
        writer.addPopularity(b, 3.5, scope);
        writer.addPopularity(c, 2.0, scope, "", null);
        writer.addPopularity(a, 1.5, scope);
        writer.addPopularity(c, 0.0, scope);
        var expected = List.of(new ScoredVideo(b, 3.5), new ScoredVideo(a, 2.5), new ScoredVideo(c, 2.0));
        assertEquals(expected, store.top(scope, 3));
        assertEquals(expected.subList(0, 2), store.top(scope, 2));
        assertEquals(expected, Await.result(cassandra.popularity().topPopular(scope, 3)), "repeated scope counted once");
    }

    @Test
    void popularityPrefersTheStreamingJobsDecayedSetThenPopThenCassandra() {
        String scope = id("decay-scope");
        String a = id("a"), b = id("b");
        writer.addPopularity(a, 5.0, scope);
        long halfLife = DECAY.halfLife().toMillis();
        // As the job writes them: ZADD of log2 of the forward-decayed sum (one event each here).
        double fresh = (double) NOW.toEpochMilli() / halfLife + 1; // 2 now
        double older = (double) NOW.minus(Duration.ofHours(2)).toEpochMilli() / halfLife + 2; // 4 two half-lives ago, 1 now
        for (var member : List.of(Map.entry(b, fresh), Map.entry(a, older))) {
            Await.result(redisClient.send(Request.cmd(Command.ZADD).arg(DECAY.key(scope)).arg(member.getValue())
                    .arg(member.getKey())).toCompletionStage());
        }

        List<ScoredVideo> decayed = store.top(scope, 5);
        assertEquals(List.of(b, a), decayed.stream().map(ScoredVideo::videoId).toList());
        assertEquals(2.0, decayed.get(0).score(), 1e-6);
        assertEquals(1.0, decayed.get(1).score(), 1e-6);
        assertEquals(List.of(b), store.top(scope, 1).stream().map(ScoredVideo::videoId).toList());

        Await.result(redis.delete(List.of(DECAY.key(scope))));
        assertEquals(List.of(new ScoredVideo(a, 5.0)), store.top(scope, 5), "without the job's set, pop:{scope}");
        Await.result(redis.delete(List.of(RedisFeatures.popularityKey(scope))));
        assertEquals(List.of(new ScoredVideo(a, 5.0)), store.top(scope, 5), "without either, Cassandra's video_popularity");
        // ... which puts pop:{scope} back, keeping the larger of a re-created member's partial count and the total.
        writer.addPopularity(b, 1.0, scope);
        await().atMost(Duration.ofSeconds(10)).until(() -> Await.result(redis.topPopular(scope, 5)).size() == 2);
        assertEquals(List.of(new ScoredVideo(a, 5.0), new ScoredVideo(b, 1.0)), Await.result(redis.topPopular(scope, 5)));
        Await.result(redis.delete(List.of(RedisFeatures.popularityKey(scope))));
        Await.result(redis.incrementPopularity(scope, a, 0.5));
        Await.result(redis.refillPopularity(scope, List.of(new ScoredVideo(a, 5.0), new ScoredVideo(b, 1.0))));
        Await.result(redis.refillPopularity(scope, List.of(new ScoredVideo(b, 0.25))));
        assertEquals(List.of(new ScoredVideo(a, 5.0), new ScoredVideo(b, 1.0)), Await.result(redis.topPopular(scope, 5)));
    }

    @Test
    void readsStillAnswerWhenRedisRefusesConnections() {
        String v = id("refused"), u = id("refused-user"), scope = id("refused-scope");
        writer.upsertVideo(published(v, "durable"));
        writer.putUser(UserFeatures.newBuilder().setUserId(u).setHomeRegion("PT").build());
        writer.addPopularity(v, 4.0, scope);

        var down = downStore(stack.redis("redis://127.0.0.1:1"));
        assertEquals("durable", down.videoMetadata(List.of(v)).get(v).getTitle());
        assertEquals("durable", down.videos(List.of(v)).get(v).getTitle());
        assertEquals("PT", down.user(u).orElseThrow().getHomeRegion());
        assertEquals(List.of(new ScoredVideo(v, 4.0)), down.top(scope, 5));
    }

    /** Accepts connections and never answers: only a timeout gets a caller out. */
    private static final class SilentServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final java.util.List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) accepted.add(socket.accept());
                } catch (IOException closed) {
                    // test over
                }
            });
        }

        String url() {
            return "redis://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void readsStillAnswerWhenRedisHangs() throws IOException {
        try (var silent = new SilentServer()) {
            String v = id("hung");
            writer.upsertVideo(published(v, "still here"));
            var hung = new TieredFeatureStore(cassandra, new RedisFeatures(stack.redis(silent.url()), Duration.ofMillis(50)), CONFIG);
            long start = System.nanoTime();
            assertEquals("still here", hung.videos(List.of(v)).get(v).getTitle());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
            assertFalse(silent.accepted.isEmpty(), "the client did reach the silent server");
        }
    }

    @Test
    void aHungRedisIsNotAskedAgainForAWhileAfterCallsTimedOutInARow() throws IOException {
        try (var silent = new SilentServer()) {
            var hung = new RedisFeatures(stack.redis(silent.url()), Duration.ofMillis(50),
                    CONFIG.withRedisBreaker(3, Duration.ofMinutes(1)).newRedisBreaker());
            for (int i = 0; i < 3; i++) {
                Throwable failed = hung.user("u").toCompletableFuture().handle((v, e) -> Await.unwrap(e)).join();
                assertTrue(failed instanceof java.util.concurrent.TimeoutException, "waited out its timeout: " + failed);
            }
            Throwable refused = hung.videos(List.of("v")).toCompletableFuture().handle((v, e) -> Await.unwrap(e)).join();
            assertTrue(refused instanceof RedisBreaker.Open, "refused at once, without asking Redis: " + refused);
        }
    }

    @Test
    void hotVideosComeFromTheLocalCacheWhileRedisIsDown() {
        String hotId = id("hot"), coldId = id("cold");
        writer.upsertVideo(published(hotId, "as first read"));
        writer.upsertVideo(published(coldId, "cold"));

        Redis client = stack.redis(StackFixture.REDIS_URL);
        var local = new TieredFeatureStore(cassandra, new RedisFeatures(client, CONFIG.redisTimeout()), CONFIG);
        assertEquals("as first read", local.videos(List.of(hotId)).get(hotId).getTitle());
        assertEquals(1, local.hotVideoCacheSize());

        // Change the durable copy behind the cache's back, then lose Redis.
        Await.result(cassandra.videos().upsertVideo(published(hotId, "changed in Cassandra")));
        client.close();

        Map<String, VideoFeatures> read = local.videos(List.of(hotId, coldId));
        assertEquals("as first read", read.get(hotId).getTitle(), "served from the local LRU");
        assertEquals("cold", read.get(coldId).getTitle(), "the rest from Cassandra");
        assertEquals(2, local.hotVideoCacheSize(), "Cassandra reads fill the LRU too");
        assertFalse(local.videos(List.of(id("missing"))).containsKey("missing"));
    }

    @Test
    void popularityWhileRedisIsDownIsItsLastAnswerThenOneCassandraReadKeptForAWhile() {
        String scope = id("outage-scope"), other = id("outage-other");
        String a = id("a"), b = id("b");
        writer.addPopularity(a, 2.0, scope, other);
        writer.addPopularity(b, 1.0, scope, other);

        Redis client = stack.redis(StackFixture.REDIS_URL);
        var local = new TieredFeatureStore(cassandra, new RedisFeatures(client, CONFIG.redisTimeout()), CONFIG, DECAY,
                Clock.fixed(NOW, ZoneOffset.UTC));
        var before = List.of(new ScoredVideo(a, 2.0), new ScoredVideo(b, 1.0));
        assertEquals(before, local.top(scope, 5));

        // Both change behind the store's back, then Redis is lost.
        writer.addPopularity(b, 5.0, scope, other);
        client.close();
        assertEquals(before, local.top(scope, 5), "what Redis last answered, not a partition read");
        var durable = List.of(new ScoredVideo(b, 6.0), new ScoredVideo(a, 2.0));
        assertEquals(durable, local.top(other, 5), "a scope Redis never answered: Cassandra's top");
        writer.addPopularity(a, 10.0, other);
        assertEquals(durable, local.top(other, 5), "that top is kept, not read again per call");
        assertEquals(durable.subList(0, 1), local.top(other, 1));

        var fresh = new TieredFeatureStore(cassandra, new RedisFeatures(client, CONFIG.redisTimeout()),
                CONFIG.withFallbackTopMaxAge(Duration.ZERO), DECAY, Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(List.of(new ScoredVideo(a, 12.0), new ScoredVideo(b, 6.0)), fresh.top(other, 5), "0 keeps nothing");
    }

    private static TieredFeatureStore downStore(Redis client) {
        return new TieredFeatureStore(cassandra, new RedisFeatures(client, CONFIG.redisTimeout()), CONFIG);
    }

    /** Without the read time each Cassandra read stamps (null stays null). */
    private static VideoFeatures unstamped(VideoFeatures v) {
        return v == null ? null : v.toBuilder().clearReadAt().build();
    }
}
