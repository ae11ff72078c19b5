package dev.reelrank.featurestore.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.featurestore.Await;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.StackFixture;
import dev.reelrank.featurestore.TrendDecay;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.redis.RedisSignals;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals.FreshList;
import dev.reelrank.model.RetrievalSignals.FreshScope;
import dev.reelrank.model.RetrievalSignals.Upload;
import dev.reelrank.proto.v1.VideoPublished;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trending buckets, channel uploads and fresh lists against the real local Redis and Cassandra. */
class RetrievalSignalsIT {
    private static final FeatureStoreConfig CONFIG = new FeatureStoreConfig(
            Duration.ofMillis(500), Duration.ofMinutes(5), Duration.ofMinutes(5), 100, Duration.ZERO, 10, true);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /**
     * 1-hour buckets, a 2-hour window, at most 3 videos per channel set and 4 per fresh list in Redis;
     * decayed sets of this run only, so a streaming job writing the stack's trend-decay:global
     * cannot take the place of the buckets under test.
     */
    private static final RetrievalStoreConfig SIGNALS = new RetrievalStoreConfig(
            Duration.ofHours(1), Duration.ofHours(2), 50, 3, Duration.ofDays(1), 4, 8,
            new TrendDecay("it-trend-decay:" + RUN + ":", Duration.ofHours(1)));
    /** The start of the next hour: bucket keys expire relative to it, so it must not lie in the past. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));

    private static StackFixture stack;
    private static CassandraFeatures cassandra;
    /** The client under {@link #redis}, to read keys and write as the streaming job does. */
    private static Redis redisClient;
    private static RedisFeatures redis;
    private static final MovableClock clock = new MovableClock(T0);

    @BeforeAll
    static void connect() {
        stack = new StackFixture();
        cassandra = new CassandraFeatures(stack.session);
        redisClient = stack.redis(StackFixture.REDIS_URL);
        redis = new RedisFeatures(redisClient, CONFIG.redisTimeout());
    }

    @AfterAll
    static void close() {
        if (stack != null) stack.close();
    }

    private static String id(String what) {
        return "it-" + RUN + "-" + what + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static TieredFeatureWriter writer() {
        return new TieredFeatureWriter(cassandra, redis, CONFIG, SIGNALS, clock);
    }

    private static TieredRetrievalSignals reader(RedisFeatures r) {
        return new TieredRetrievalSignals(cassandra, r, SIGNALS, clock);
    }

    private static VideoPublished video(String id, String channel, String category, String language, String region, Instant published) {
        return VideoPublished.newBuilder().setVideoId(id).setChannelId(channel).setCategory(category).setLanguage(language)
                .setRegion(region).setPublishedAt(Timestamp.newBuilder().setSeconds(published.getEpochSecond())).build();
    }

    @Test
    void trendingSumsTheBucketsOfTheWindowAndForgetsOlderOnes() {
        String region = id("region");
        String a = id("a"), b = id("b");
        var writer = writer();
        var reader = reader(redis);

        clock.set(T0.plus(Duration.ofMinutes(5)));
        writer.addTrending(a, 2.0, region, Popularity.GLOBAL, region);
        writer.addTrending(b, 1.0, region);
        clock.set(T0.plus(Duration.ofMinutes(65)));
        writer.addTrending(b, 3.0, region);
        writer.addTrending(a, 0.0, region);

        assertEquals(List.of(new ScoredVideo(b, 4.0), new ScoredVideo(a, 2.0)), reader.trending(region, 10));
        assertEquals(List.of(new ScoredVideo(b, 4.0)), reader.trending(region, 1));
        assertTrue(reader.trending(Popularity.GLOBAL, 5_000).contains(new ScoredVideo(a, 2.0)), "counted globally once");

        // Two hours after the first bucket, it has left the 2-hour window.
        clock.set(T0.plus(Duration.ofMinutes(125)));
        assertEquals(List.of(new ScoredVideo(b, 3.0)), reader.trending(region, 10));

        String firstBucket = "trend:" + region + ":" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHH")
                .withZone(ZoneOffset.UTC).format(T0);
        long ttl = Await.result(redisClient.send(Request.cmd(Command.PTTL).arg(firstBucket)).toCompletionStage()).toLong();
        long expected = Duration.ofHours(3).toMillis() - (System.currentTimeMillis() - T0.toEpochMilli());
        assertTrue(ttl > 0 && Math.abs(ttl - expected) < 60_000, "expires when no window includes it: ttl " + ttl + " vs " + expected);
    }

    /** A member as the streaming job writes it: ZADD of its forward-decay log-score. */
    private static void zaddDecayed(String scope, String videoId, double logScore) {
        Await.result(redisClient.send(Request.cmd(Command.ZADD).arg(SIGNALS.trendDecay().key(scope)).arg(logScore).arg(videoId))
                .toCompletionStage());
    }

    /** The log-score of a decayed engagement of {@code weight} at {@code at} (one event then). */
    private static double logScore(double weight, Instant at) {
        return (double) at.toEpochMilli() / SIGNALS.trendDecay().halfLife().toMillis() + Math.log(weight) / Math.log(2);
    }

    private static void assertScored(List<ScoredVideo> expected, List<ScoredVideo> actual) {
        assertEquals(expected.stream().map(ScoredVideo::videoId).toList(), actual.stream().map(ScoredVideo::videoId).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-6, "score of " + expected.get(i).videoId());
        }
    }

    @Test
    void trendingPrefersTheStreamingJobsDecayedSetScoredAtNow() {
        String region = id("decay-region");
        String a = id("a"), b = id("b"), c = id("c"), bucketOnly = id("bucket-only");
        clock.set(T0.plus(Duration.ofMinutes(5)));
        writer().addTrending(bucketOnly, 50.0, region);
        Instant now = clock.instant();
        zaddDecayed(region, a, logScore(8, now));
        zaddDecayed(region, b, logScore(12, now.minus(Duration.ofHours(1))));
        zaddDecayed(region, c, logScore(1, now));
        var reader = reader(redis);

        assertScored(List.of(new ScoredVideo(a, 8), new ScoredVideo(b, 6)), reader.trending(region, 2));
        clock.set(now.plus(Duration.ofHours(1)));
        assertScored(List.of(new ScoredVideo(a, 4), new ScoredVideo(b, 3), new ScoredVideo(c, 0.5)), reader.trending(region, 10));

        // No decayed set for the scope (no job, or a scope it has not written): the buckets answer.
        Await.result(redis.delete(List.of(SIGNALS.trendDecay().key(region))));
        assertEquals(List.of(new ScoredVideo(bucketOnly, 50.0)), reader.trending(region, 10));
    }

    @Test
    void trendingFallsBackToRegionalPopularityWhenRedisIsDown() {
        String region = id("down-region"), v = id("v");
        writer().addPopularity(v, 2.5, region);
        assertEquals(List.of(new ScoredVideo(v, 2.5)), reader(new RedisFeatures(stack.redis("redis://127.0.0.1:1"), Duration.ofMillis(200)))
                .trending(region, 5));
    }

    @Test
    void channelUploadsAreNewestFirstFromRedisOrCassandra() {
        String channel = id("channel"), other = id("other-channel"), silent = id("silent-channel");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        var writer = writer();
        for (int i = 0; i < 5; i++) writer.recordUpload(video(channel + "-v" + i, channel, "music", "en", "PT", t.plus(Duration.ofHours(i))));
        writer.recordUpload(video(other + "-v0", other, "music", "en", "PT", t.plus(Duration.ofMinutes(90))));
        var reader = reader(redis);

        List<String> newest = List.of(channel + "-v4", channel + "-v3", channel + "-v2", other + "-v0");
        assertEquals(newest, ids(reader.channelUploads(List.of(channel, other, silent), 3)));
        Upload first = reader.channelUploads(List.of(channel), 1).getFirst();
        assertEquals(new Upload(channel + "-v4", channel, t.plus(Duration.ofHours(4))), first);
        assertEquals(3L, zcard(RedisSignals.channelUploadsKey(channel)), "Redis keeps channelUploadsKept per channel");

        // A set lost by Redis (restart without persistence) is read from Cassandra, and put back as
        // Redis kept it (the newest channelUploadsKept, whatever n asked), so the next read is Redis's.
        String key = RedisSignals.channelUploadsKey(channel);
        Await.result(redis.delete(List.of(key)));
        assertEquals(List.of(channel + "-v4", other + "-v0"), ids(reader.channelUploads(List.of(channel, other), 1)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> zcard(key) == 3L);
        assertEquals(List.of(channel + "-v4", channel + "-v3", channel + "-v2"), zrevrange(key));
        assertTrue(ttlMillis(key) > 0, "the refilled set expires like a written one");
        assertEquals(newest, ids(reader.channelUploads(List.of(channel, other), 3)));
        var down = reader(new RedisFeatures(stack.redis("redis://127.0.0.1:1"), Duration.ofMillis(200)));
        assertEquals(List.of(channel + "-v4", channel + "-v3", channel + "-v2"), ids(down.channelUploads(List.of(channel), 10)),
                "capped at what Redis keeps per channel, so both tiers give the same answer");
        assertEquals(5, Await.result(cassandra.signals().channelUploads(channel, 10)).size(), "Cassandra keeps every upload");
    }

    @Test
    void aBackfillChunkOfThousandsOfChannelsIsSentInPipelinesTheClientAccepts() {
        // 2,500 channels of one upload each: 7,500 commands (ZADD, trim, expiry per channel), more
        // than one connection's waiting queue holds (2,048), which refused the whole chunk before.
        String prefix = id("many");
        var uploads = new java.util.ArrayList<dev.reelrank.featurestore.VideoUpload>();
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 2_500; i++) {
            uploads.add(new dev.reelrank.featurestore.VideoUpload(prefix + "-v" + i, prefix + "-c" + i, t.plusSeconds(i), java.util.Map.of()));
        }
        Await.result(redis.signals(SIGNALS).addUploads(uploads));
        for (int i : new int[] {0, 1_234, 2_499}) {
            String key = RedisSignals.channelUploadsKey(prefix + "-c" + i);
            assertEquals(List.of(prefix + "-v" + i), zrevrange(key));
            assertTrue(ttlMillis(key) > 0, "every channel set got its expiry, the last slice's too");
        }
    }

    @Test
    void freshListsPerCategoryLanguageAndRegion() {
        String category = id("cat"), language = id("lang"), region = id("reg");
        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        var writer = writer();
        for (int i = 0; i < 6; i++) {
            writer.recordUpload(video("it-" + RUN + "-fresh" + i, "c" + i, category, language, region, t.plusSeconds(i)));
        }
        // No publish time: as fresh as the clock says.
        clock.set(t.plus(Duration.ofDays(1)));
        String undated = "u" + RUN;
        writer.recordUpload(VideoPublished.newBuilder().setVideoId(undated).setChannelId("cu").setCategory(category).build());

        var reader = reader(redis);
        List<Upload> cat = reader.fresh(FreshScope.CATEGORY, category, 3);
        assertEquals(List.of(undated, "it-" + RUN + "-fresh5", "it-" + RUN + "-fresh4"), ids(cat));
        assertEquals(t.plus(Duration.ofDays(1)), cat.getFirst().publishedAt());
        assertEquals(4L, zcard(RedisSignals.freshKey(FreshScope.CATEGORY, category)), "trimmed to freshKept");
        assertEquals(List.of("it-" + RUN + "-fresh5", "it-" + RUN + "-fresh4"), ids(reader.fresh(FreshScope.LANGUAGE, language, 2)));
        assertEquals(List.of("it-" + RUN + "-fresh5"), ids(reader.fresh(FreshScope.REGION, region, 1)));
        assertEquals(List.of(), reader.fresh(FreshScope.CATEGORY, id("empty"), 5));
        // Several lists in one batch answer as one by one, in the order asked.
        var lists = List.of(new FreshList(FreshScope.REGION, region), new FreshList(FreshScope.CATEGORY, id("empty")),
                new FreshList(FreshScope.CATEGORY, category), new FreshList(FreshScope.LANGUAGE, language));
        assertEquals(List.of(reader.fresh(FreshScope.REGION, region, 2), List.of(), reader.fresh(FreshScope.CATEGORY, category, 2),
                reader.fresh(FreshScope.LANGUAGE, language, 2)), reader.fresh(lists, 2));

        // A lost list is read from Cassandra and put back (newest freshKept rows).
        String key = RedisSignals.freshKey(FreshScope.LANGUAGE, language);
        Await.result(redis.delete(List.of(key)));
        writer.recordUpload(video("it-" + RUN + "-fresh-late", "cl", "other", language, "other", t.plus(Duration.ofDays(2))));
        Await.result(redis.delete(List.of(key)));
        assertEquals(List.of("it-" + RUN + "-fresh-late"),
                ids(reader.fresh(List.of(new FreshList(FreshScope.LANGUAGE, language)), 1).getFirst()), "a batch refills too");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> zcard(key) == 4L);
        assertEquals(List.of("it-" + RUN + "-fresh-late", "it-" + RUN + "-fresh5", "it-" + RUN + "-fresh4", "it-" + RUN + "-fresh3"),
                zrevrange(key));

        var down = reader(new RedisFeatures(stack.redis("redis://127.0.0.1:1"), Duration.ofMillis(200)));
        List<Upload> durable = down.fresh(FreshScope.CATEGORY, category, 10);
        assertEquals(4, durable.size(), "capped at freshKept like the Redis list");
        assertEquals(new Upload("it-" + RUN + "-fresh5", "c5", t.plusSeconds(5)), durable.get(1));
    }

    private static List<String> ids(List<Upload> uploads) {
        return uploads.stream().map(Upload::videoId).toList();
    }

    private static List<String> zrevrange(String key) {
        var r = Await.result(redisClient.send(Request.cmd(Command.ZREVRANGE).arg(key).arg(0).arg(-1)).toCompletionStage());
        var out = new java.util.ArrayList<String>();
        for (var member : r) out.add(member.toString());
        return out;
    }

    private static long ttlMillis(String key) {
        return Await.result(redisClient.send(Request.cmd(Command.PTTL).arg(key)).toCompletionStage()).toLong();
    }

    private static long zcard(String key) {
        return Await.result(redisClient.send(Request.cmd(Command.ZCARD).arg(key)).toCompletionStage()).toLong();
    }

    /** A clock the test moves by hand (bucket boundaries without waiting an hour). */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
