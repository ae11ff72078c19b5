package dev.reelrank.featurestore.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The video read path over in-memory tiers and a hand-driven clock. */
class TieredVideosTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Redis and Cassandra as maps; records what each was asked, and Redis can be taken down. */
    private static final class FakeTiers implements VideoTiers {
        final Map<String, VideoFeatures> redis = new HashMap<>();
        final Map<String, VideoFeatures> cassandra = new HashMap<>();
        final List<List<String>> mgets = new ArrayList<>();
        final List<List<String>> durableReads = new ArrayList<>();
        final List<List<String>> metadataReads = new ArrayList<>();
        final List<VideoFeatures> writtenBack = new ArrayList<>();
        boolean redisDown;
        /** Non-null: full Cassandra reads answer only when this completes (a slow Cassandra). */
        CompletableFuture<Void> cassandraAnswers;

        @Override
        public CompletionStage<VideoFeatures[]> cached(List<String> distinctIds) {
            mgets.add(List.copyOf(distinctIds));
            if (redisDown) return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
            var values = new VideoFeatures[distinctIds.size()];
            for (int i = 0; i < values.length; i++) values[i] = redis.get(distinctIds.get(i));
            return CompletableFuture.completedFuture(values);
        }

        @Override
        public CompletionStage<Map<String, VideoFeatures>> durable(List<String> ids) {
            durableReads.add(List.copyOf(ids));
            var found = new HashMap<String, VideoFeatures>();
            for (String id : ids) if (cassandra.containsKey(id)) found.put(id, cassandra.get(id));
            return cassandraAnswers == null ? CompletableFuture.completedFuture(found) : cassandraAnswers.thenApply(x -> found);
        }

        @Override
        public CompletionStage<Map<String, VideoFeatures>> durableMetadata(List<String> ids) {
            metadataReads.add(List.copyOf(ids));
            var found = new HashMap<String, VideoFeatures>();
            for (String id : ids) if (cassandra.containsKey(id)) found.put(id, video(id, "metadata"));
            return cassandraAnswers == null ? CompletableFuture.completedFuture(found) : cassandraAnswers.thenApply(x -> found);
        }

        @Override
        public CompletionStage<Void> writeBack(Collection<VideoFeatures> videos) {
            writtenBack.addAll(videos);
            return CompletableFuture.completedFuture(null);
        }

        final List<VideoFeatures> refreshed = new ArrayList<>();

        @Override
        public CompletionStage<Void> refresh(Collection<VideoFeatures> videos) {
            refreshed.addAll(videos);
            return CompletableFuture.completedFuture(null);
        }

        void inRedis(String... ids) {
            for (String id : ids) redis.put(id, video(id, "redis"));
        }

        void inCassandra(String... ids) {
            for (String id : ids) cassandra.put(id, video(id, "cassandra"));
        }
    }

    private final FakeTiers tiers = new FakeTiers();
    private final AtomicLong nanos = new AtomicLong(42);

    private static VideoFeatures video(String id, String title) {
        return VideoFeatures.newBuilder().setVideoId(id).setTitle(title).build();
    }

    private TieredVideos videos(Duration freshFor) {
        return videos(freshFor, Duration.ZERO);
    }

    private TieredVideos videos(Duration freshFor, Duration missReadBudget) {
        return videos(freshFor, missReadBudget, FeatureStoreConfig.DEFAULT_REDIS_RECOVERY_WINDOW);
    }

    /** A 10-minute video TTL, 100 local entries, the rest the library's defaults. */
    private TieredVideos videos(Duration freshFor, Duration missReadBudget, Duration recoveryWindow) {
        var d = FeatureStoreConfig.defaults();
        var config = new FeatureStoreConfig(d.redisTimeout(), d.userTtl(), Duration.ofMinutes(10), 100, freshFor,
                d.historyLimit(), d.streamStats(), d.cassandraReadMaxQueued(), d.cassandraReadMaxWait(), missReadBudget,
                recoveryWindow);
        return new TieredVideos(tiers, config, nanos::get, new OutageLog(System.getLogger("test")));
    }

    /**
     * A cached value read from Cassandra more than half the TTL ago (10 min here) serves as it is and
     * is read again in the background and its key overwritten; a younger one, or one without a read
     * time, is not.
     */
    @Test
    void oldCachedValuesServeAndAreRefreshedInTheBackground() {
        var wall = new AtomicLong(10_000_000L);
        var config = FeatureStoreConfig.defaults();
        config = new FeatureStoreConfig(config.redisTimeout(), config.userTtl(), Duration.ofMinutes(10), 100, Duration.ZERO,
                config.historyLimit(), config.streamStats());
        var read = new TieredVideos(tiers, config, nanos::get, new OutageLog(System.getLogger("test")), wall::get);
        long sixMinutesAgo = wall.get() - Duration.ofMinutes(6).toMillis();
        long oneMinuteAgo = wall.get() - Duration.ofMinutes(1).toMillis();
        tiers.redis.put("old", video("old", "cached").toBuilder().setReadAt(timestamp(sixMinutesAgo)).build());
        tiers.redis.put("young", video("young", "cached").toBuilder().setReadAt(timestamp(oneMinuteAgo)).build());
        tiers.redis.put("unstamped", video("unstamped", "cached"));
        tiers.inCassandra("old", "young", "unstamped");

        assertEquals(Map.of("old", "cached", "young", "cached", "unstamped", "cached"),
                titles(read.read(List.of("old", "young", "unstamped"))));
        assertEquals(List.of(List.of("old")), tiers.durableReads);
        assertEquals(List.of("old"), tiers.refreshed.stream().map(VideoFeatures::getVideoId).toList());
        assertEquals("cassandra", tiers.refreshed.getFirst().getTitle());
        assertEquals(0, read.refreshing(), "released once written");

        // A refresh still in flight is not started twice.
        tiers.cassandraAnswers = new CompletableFuture<>();
        read.read(List.of("old"));
        read.read(List.of("old"));
        assertEquals(2, tiers.durableReads.size());
        tiers.cassandraAnswers.complete(null);
        assertEquals(0, read.refreshing());
    }

    private static com.google.protobuf.Timestamp timestamp(long millis) {
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(millis / 1000).build();
    }

    /**
     * With a miss budget, Redis's misses that Cassandra has not answered in time are left out of the
     * answer (the rest is served), then cached and written back when Cassandra answers: the next
     * read has them without asking Cassandra again.
     */
    @Test
    void missesPastTheBudgetAreLeftOutAndCachedWhenCassandraAnswers() {
        var read = videos(Duration.ofSeconds(2), Duration.ofMillis(20));
        tiers.inRedis("a");
        tiers.inCassandra("b", "c");
        tiers.cassandraAnswers = new CompletableFuture<>();

        assertEquals(Map.of("a", "redis"), titles(read.read(List.of("a", "b", "c"))));
        assertEquals(List.of(List.of("b", "c")), tiers.durableReads);
        assertEquals(List.of(), tiers.writtenBack, "nothing to write back before Cassandra answers");

        tiers.cassandraAnswers.complete(null);
        assertEquals(List.of("b", "c"), tiers.writtenBack.stream().map(VideoFeatures::getVideoId).sorted().toList());
        assertEquals(Map.of("a", "redis", "b", "cassandra", "c", "cassandra"), titles(read.read(List.of("a", "b", "c"))));
        assertEquals(1, tiers.durableReads.size(), "served from the local cache, not read again");

        // Within the budget the read waits, as without one.
        tiers.cassandraAnswers = null;
        tiers.inCassandra("d");
        assertEquals(Map.of("d", "cassandra"), titles(read.read(List.of("d"))));
    }

    private static Map<String, String> titles(Map<String, VideoFeatures> read) {
        var titles = new java.util.LinkedHashMap<String, String>();
        read.forEach((id, v) -> titles.put(id, v.getTitle()));
        return titles;
    }

    @Test
    void freshEntriesAreServedWithoutAskingRedis() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("a", "b");
        read.read(List.of("a", "b"));
        tiers.redis.put("a", video("a", "changed in Redis"));

        nanos.addAndGet(SECOND);
        assertEquals(Map.of("a", "redis", "b", "redis"), titles(read.read(List.of("a", "b"))));
        assertEquals(1, tiers.mgets.size(), "the second read made no Redis call");
    }

    @Test
    void onlyTheStaleOrUnseenGoToRedisAndTheirMissesToCassandra() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("a", "b");
        tiers.inCassandra("c");
        read.read(List.of("a"));
        nanos.addAndGet(SECOND);
        read.read(List.of("b"));
        nanos.addAndGet(SECOND);                  // a is now 2 s old, b 1 s
        tiers.redis.put("a", video("a", "changed in Redis"));

        var result = read.read(List.of("a", "b", "c", "unknown"));
        assertEquals(List.of("a", "c", "unknown"), tiers.mgets.getLast());
        assertEquals(List.of("c", "unknown"), tiers.durableReads.getLast());
        assertEquals(Map.of("a", "changed in Redis", "b", "redis", "c", "cassandra"), titles(result));
        assertEquals(List.of("c"), tiers.writtenBack.stream().map(VideoFeatures::getVideoId).toList());

        tiers.mgets.clear();
        read.read(List.of("a", "c"));
        assertEquals(List.of(), tiers.mgets, "a re-read and c read from Cassandra are fresh again");
    }

    @Test
    void aRedisFailureServesAnyCachedEntryUpToTheVideoTtl() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("hot");
        tiers.inCassandra("cold");
        read.read(List.of("hot"));
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        tiers.redisDown = true;

        var result = read.read(List.of("hot", "cold", "unknown"));
        assertEquals(Map.of("hot", "redis", "cold", "cassandra"), titles(result));
        assertEquals(List.of("cold", "unknown"), tiers.durableReads.getLast());
        assertEquals(List.of(), tiers.writtenBack, "no write-back to a Redis that just failed");

        nanos.addAndGet(Duration.ofMinutes(1).toNanos());   // hot is now 10 min old: expired
        read.read(List.of("hot"));
        assertEquals(List.of("hot"), tiers.durableReads.getLast());
    }

    @Test
    void zeroDisablesTheWindowEveryReadIsAnMget() {
        var read = videos(Duration.ZERO);
        tiers.inRedis("a");
        read.read(List.of("a"));
        read.read(List.of("a"));
        assertEquals(2, tiers.mgets.size());
        assertEquals(0, read.cacheStats().requestCount(), "asked only while Redis fails, as before the window");

        tiers.redisDown = true;
        assertEquals(Map.of("a", "redis"), titles(read.read(List.of("a"))), "the fallback still serves");
        assertEquals(1, read.cacheStats().hitCount());
    }

    @Test
    void keepsTheCallersOrderWithFreshRedisAndCassandraValuesInterleaved() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("r1", "r2", "f1", "f2");
        tiers.inCassandra("c1", "c2");
        read.read(List.of("f1", "f2"));

        var asked = List.of("c2", "x1", "r2", "f2", "c1", "r1", "x2", "f1", "r2", "f2");
        var result = read.read(asked);
        assertEquals(List.of("c2", "r2", "f2", "c1", "r1", "f1"), List.copyOf(result.keySet()));
        assertEquals(List.of("c2", "x1", "r2", "c1", "r1", "x2"), tiers.mgets.getLast(), "duplicates asked once");
        result.forEach((id, v) -> assertEquals(id, v.getVideoId()));
    }

    @Test
    void unknownIdsAreAbsentAndAllFreshAnswersKeepTheOrder() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("a", "b");
        assertEquals(Map.of(), read.read(List.of("x", "y")));
        assertEquals(List.of("b", "a"), List.copyOf(read.read(List.of("b", "x", "a")).keySet()));
        assertEquals(List.of("a", "b"), List.copyOf(read.read(List.of("a", "b")).keySet()));
        assertEquals(Map.of(), read.read(List.of()));
    }

    @Test
    void statsCountAFreshHitOrAMissPerIdAsked() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("a");
        read.read(List.of("a", "b"));         // two misses
        read.read(List.of("a", "b"));         // a fresh, b fresh as unknown
        assertEquals(2, read.cacheStats().hitCount());
        assertEquals(2, read.cacheStats().missCount());
        assertEquals(2, read.cacheSize());
    }

    @Test
    void anIdNoTierKnowsIsNotAskedAgainWithinTheFreshWindow() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("a");
        assertEquals(Map.of("a", "redis"), titles(read.read(List.of("a", "ghost"))));
        assertEquals(List.of(List.of("ghost")), tiers.durableReads);

        nanos.addAndGet(SECOND);
        assertEquals(Map.of("a", "redis"), titles(read.read(List.of("ghost", "a", "ghost"))));
        assertEquals(1, tiers.mgets.size(), "no Redis call: a fresh, ghost known to be unknown");
        assertEquals(1, tiers.durableReads.size(), "and no Cassandra read");

        nanos.addAndGet(SECOND);              // the window has passed: published meanwhile, it is found
        tiers.inCassandra("ghost");
        assertEquals(Map.of("ghost", "cassandra"), titles(read.read(List.of("ghost"))));

        tiers.redisDown = true;               // the marker never stands in for Cassandra during an outage
        tiers.cassandra.put("ghost2", video("ghost2", "cassandra"));
        read.read(List.of("ghost2"));         // unknown to Redis? Redis is down: Cassandra answers
        assertEquals(List.of("ghost2"), tiers.durableReads.getLast());
    }

    @Test
    void withoutTheWindowUnknownIdsAreAskedEveryTime() {
        var read = videos(Duration.ZERO);
        read.read(List.of("ghost"));
        read.read(List.of("ghost"));
        assertEquals(2, tiers.durableReads.size());
    }

    @Test
    void metadataReadsTakeFullValuesFromTheCacheAndRedisAndOnlyTheirMissesAsMetadata() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("r");
        tiers.inCassandra("c", "f");
        read.read(List.of("f"));                  // f is fresh in the local cache, whole
        tiers.mgets.clear();

        var result = read.readMetadata(List.of("c", "ghost", "r", "f", "c"));
        assertEquals(Map.of("c", "metadata", "r", "redis", "f", "cassandra"), titles(result));
        assertEquals(List.of("c", "r", "f"), List.copyOf(result.keySet()), "the caller's order, duplicates once");
        assertEquals(List.of(List.of("c", "ghost", "r")), tiers.mgets);
        assertEquals(List.of(List.of("c", "ghost")), tiers.metadataReads);
        assertEquals(List.of(List.of("f")), tiers.durableReads, "no full Cassandra read for the metadata");
        assertEquals(List.of("f"), tiers.writtenBack.stream().map(VideoFeatures::getVideoId).toList(),
                "the metadata-only c is not written back to Redis");

        tiers.mgets.clear();
        assertEquals(Map.of("c", "cassandra", "r", "redis"), titles(read.read(List.of("c", "r", "ghost"))));
        assertEquals(List.of(List.of("c")), tiers.mgets, "r came whole from Redis and is fresh; ghost is known unknown;"
                + " c's metadata was never cached, so the full read goes on to Redis");
        assertEquals(List.of("c"), tiers.durableReads.getLast(), "and to Cassandra for the counters");
    }

    @Test
    void duringARedisOutageMetadataComesFromAnyCachedEntryThenCassandraAndNeverServesAFullRead() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inRedis("hot");
        tiers.inCassandra("cold");
        read.read(List.of("hot"));
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        tiers.redisDown = true;

        assertEquals(Map.of("hot", "redis", "cold", "metadata"), titles(read.readMetadata(List.of("hot", "cold", "unknown"))));
        assertEquals(List.of(List.of("cold", "unknown")), tiers.metadataReads);
        assertEquals(List.of(), tiers.writtenBack);

        assertEquals(Map.of("cold", "cassandra"), titles(read.read(List.of("cold"))), "the outage fallback never serves metadata");
    }

    /**
     * A video only ever read as metadata (Redis never holds it) is kept in the local metadata cache:
     * fresh, it answers without Redis or Cassandra; older, it answers Redis's miss and is read again
     * in the background; and a full read never sees it.
     */
    @Test
    void metadataReadMissesAreKeptLocallyAndServedWhileTheyAreReadAgain() {
        var read = videos(Duration.ofSeconds(2));
        tiers.inCassandra("c");
        assertEquals(Map.of("c", "metadata"), titles(read.readMetadata(List.of("c"))));
        assertEquals(Map.of("c", "metadata"), titles(read.readMetadata(List.of("c"))));
        assertEquals(List.of(List.of("c")), tiers.mgets, "fresh: Redis not asked again");
        assertEquals(List.of(List.of("c")), tiers.metadataReads);

        nanos.addAndGet(3 * SECOND);
        tiers.cassandraAnswers = new CompletableFuture<>();
        assertEquals(Map.of("c", "metadata"), titles(read.readMetadata(List.of("c"))), "served without waiting for Cassandra");
        assertEquals(2, tiers.mgets.size(), "Redis asked first: it may hold the whole value by now");
        assertEquals(2, tiers.metadataReads.size(), "and read again in the background");
        assertEquals(1, read.refreshing());
        tiers.cassandraAnswers.complete(null);
        assertEquals(0, read.refreshing());
        assertEquals(List.of(), tiers.writtenBack, "metadata never goes to Redis");

        assertEquals(Map.of("c", "cassandra"), titles(read.read(List.of("c"))), "a full read never serves metadata");
    }

    /** Metadata Cassandra answers past the miss budget is kept for the next read, not thrown away. */
    @Test
    void metadataPastTheBudgetIsLeftOutThenServedByTheNextRead() {
        var read = videos(Duration.ofSeconds(2), Duration.ofMillis(20));
        tiers.inCassandra("late");
        tiers.cassandraAnswers = new CompletableFuture<>();
        assertEquals(Map.of(), titles(read.readMetadata(List.of("late"))));
        tiers.cassandraAnswers.complete(null);

        assertEquals(Map.of("late", "metadata"), titles(read.readMetadata(List.of("late"))));
        assertEquals(1, tiers.metadataReads.size(), "not read again");
    }

    private TieredVideos videosRecoveringFor(Duration window) {
        return videos(Duration.ofSeconds(2), Duration.ZERO, window);
    }

    /** Redis fails a read (past the fresh window, so it is asked), then answers again but empty (a restart without persistence). */
    private void redisRestartsEmpty(TieredVideos read, String... ids) {
        nanos.addAndGet(3 * SECOND);
        tiers.redisDown = true;
        read.read(List.of(ids));
        tiers.redisDown = false;
        tiers.redis.clear();
    }

    /**
     * Within the recovery window after a failed MGET, a video Redis lost is served from the local
     * copy without waiting for Cassandra, which is asked in the background and its answer written
     * back to Redis (SET NX) and into the local cache; one the local cache never held still comes
     * from Cassandra on the request path.
     */
    @Test
    void justAfterAnOutageRedisMissesServeTheLocalCopyAndAreWrittenBackInTheBackground() {
        var read = videosRecoveringFor(Duration.ofSeconds(30));
        tiers.inRedis("hot");
        tiers.inCassandra("hot", "cold");
        read.read(List.of("hot"));
        redisRestartsEmpty(read, "hot");
        nanos.addAndGet(5 * SECOND); // past the 2 s fresh window: the read goes to Redis

        tiers.cassandraAnswers = new CompletableFuture<>(); // the background read is still in flight
        var pending = CompletableFuture.supplyAsync(() -> read.read(List.of("hot"))).orTimeout(30, TimeUnit.SECONDS);
        assertEquals(Map.of("hot", "redis"), titles(pending.join()), "served the local copy, not waiting for Cassandra");
        assertEquals(List.of("hot"), tiers.durableReads.getLast());
        assertEquals(List.of(), tiers.writtenBack);

        tiers.cassandraAnswers.complete(null);
        assertEquals(List.of("hot"), tiers.writtenBack.stream().map(VideoFeatures::getVideoId).toList(), "created, not refreshed");
        assertEquals("cassandra", tiers.writtenBack.getFirst().getTitle());
        assertEquals(List.of(), tiers.refreshed);
        assertEquals(0, read.refreshing());

        tiers.cassandraAnswers = null;
        assertEquals(Map.of("cold", "cassandra"), titles(read.read(List.of("cold"))));
        assertEquals(List.of("cold"), tiers.durableReads.getLast());
        nanos.addAndGet(SECOND);
        assertEquals(Map.of("hot", "cassandra"), titles(read.read(List.of("hot"))), "the local cache holds the written-back value");
    }

    /** Past the window (and with no outage at all) a miss is a miss: Cassandra answers on the request path. */
    @Test
    void pastTheRecoveryWindowOrWithoutAnOutageAMissIsReadFromCassandra() {
        var read = videosRecoveringFor(Duration.ofSeconds(30));
        tiers.inRedis("a");
        tiers.inCassandra("a");
        read.read(List.of("a"));
        nanos.addAndGet(5 * SECOND);
        tiers.redis.clear(); // deleted on purpose (a republished video): no outage
        assertEquals(Map.of("a", "cassandra"), titles(read.read(List.of("a"))));

        redisRestartsEmpty(read, "a");
        nanos.addAndGet(31 * SECOND);
        tiers.redis.clear();
        tiers.cassandra.put("a", video("a", "republished"));
        assertEquals(Map.of("a", "republished"), titles(read.read(List.of("a"))));
    }

    @Test
    void aZeroRecoveryWindowSendsMissesToCassandraRightAfterAnOutage() {
        var read = videosRecoveringFor(Duration.ZERO);
        tiers.inRedis("a");
        tiers.inCassandra("a");
        read.read(List.of("a"));
        redisRestartsEmpty(read, "a");
        nanos.addAndGet(5 * SECOND);
        assertEquals(Map.of("a", "cassandra"), titles(read.read(List.of("a"))));
        assertEquals(List.of("a"), tiers.writtenBack.stream().map(VideoFeatures::getVideoId).toList());
    }
}
