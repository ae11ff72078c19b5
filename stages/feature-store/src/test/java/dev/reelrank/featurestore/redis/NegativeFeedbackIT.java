package dev.reelrank.featurestore.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.featurestore.NegativeFeedbackConfig;
import dev.reelrank.featurestore.StackFixture;
import dev.reelrank.model.NegativeFeedback.Suppressed;
import dev.reelrank.model.NegativeFeedback.Suppression;
import dev.reelrank.model.NegativeFeedback.Target;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recent "not interested" against the real local Redis ({@code scripts/stack up}). */
class NegativeFeedbackIT {
    private static final NegativeFeedbackConfig CONFIG = NegativeFeedbackConfig.defaults().withTimeout(Duration.ofSeconds(5));
    private static Vertx vertx;
    private static Redis redis;
    private final String run = "nf-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(StackFixture.REDIS_URL));
    }

    @AfterAll
    static void close() {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static long pttl(String key) throws Exception {
        return get(redis.send(Request.cmd(Command.PTTL).arg(key)).toCompletionStage()).toLong();
    }

    @Test
    void whatIsRecordedIsReadBackPerUser() throws Exception {
        var store = new RedisNegativeFeedback(redis, CONFIG, Clock.systemUTC());
        get(store.record(List.of(
                new Suppression(run + "-a", Target.VIDEO, "v1"),
                new Suppression(run + "-a", Target.CHANNEL, "c1"),
                new Suppression(run + "-b", Target.VIDEO, "v2"),
                new Suppression(run + "-a", Target.VIDEO, "v1"))));

        assertEquals(new Suppressed(Set.of("v1"), Set.of("c1")), get(store.suppressed(run + "-a")));
        assertEquals(new Suppressed(Set.of("v2"), Set.of()), get(store.suppressed(run + "-b")));
        assertEquals(Suppressed.NONE, get(store.suppressed(run + "-nobody")));
    }

    @Test
    void watchesAreKeptApartSoABingeCannotPushANotInterestedOut() throws Exception {
        var store = new RedisNegativeFeedback(redis, new NegativeFeedbackConfig(CONFIG.timeout(), CONFIG.ttl(), 2, 3), Clock.systemUTC());
        String user = run + "-binge";
        get(store.record(List.of(new Suppression(user, Target.VIDEO, "v1"), new Suppression(user, Target.CHANNEL, "c1"))));
        var watches = new java.util.ArrayList<Suppression>();
        for (int i = 0; i < 10; i++) watches.add(new Suppression(user, Target.WATCHED, "w" + i));
        get(store.record(watches));
        Suppressed read = get(store.suppressed(user));
        assertEquals(Set.of("v1"), read.videoIds());
        assertEquals(Set.of("c1"), read.channelIds());
        assertEquals(3, read.watchedVideoIds().size(), "trimmed to max-watched: " + read.watchedVideoIds());
        assertTrue(pttl(RedisNegativeFeedback.watchedKey(user)) > 0, "the watched set expires too");
    }

    @Test
    void aBatchOfHundredsOfEventsOverManyUsersIsOneCall() throws Exception {
        var store = new RedisNegativeFeedback(redis, CONFIG, Clock.systemUTC());
        var all = new ArrayList<Suppression>();
        for (int i = 0; i < 500; i++) all.add(new Suppression(run + "-u" + (i % 100), Target.VIDEO, "v" + i));
        long started = System.nanoTime();
        get(store.record(all));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("recorded 500 suppressions of 100 users in %d ms%n", tookMs);
        for (int u = 0; u < 100; u += 33) {
            assertEquals(Set.of("v" + u, "v" + (u + 100), "v" + (u + 200), "v" + (u + 300), "v" + (u + 400)),
                    get(store.suppressed(run + "-u" + u)).videoIds());
        }
    }

    @Test
    void eachWriteRefreshesTheExpiryAndTheSetExpires() throws Exception {
        String user = run + "-ttl";
        var week = new RedisNegativeFeedback(redis, CONFIG, Clock.systemUTC());
        get(week.record(List.of(new Suppression(user, Target.VIDEO, "v1"))));
        long ttl = pttl(RedisNegativeFeedback.key(user));
        assertTrue(ttl > Duration.ofDays(7).minusMinutes(1).toMillis() && ttl <= Duration.ofDays(7).toMillis(), "ttl " + ttl);

        var brief = new RedisNegativeFeedback(redis, new NegativeFeedbackConfig(CONFIG.timeout(), Duration.ofMillis(1500), 10),
                Clock.systemUTC());
        get(brief.record(List.of(new Suppression(user, Target.CHANNEL, "c1"))));
        assertTrue(pttl(RedisNegativeFeedback.key(user)) <= 1500, "the last write sets the expiry");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(brief.suppressed(user)).isEmpty());
    }

    @Test
    void aUsersSetKeepsOnlyTheNewestEntries() throws Exception {
        String user = run + "-bounded";
        var now = new long[]{1_000_000};
        var clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(now[0]); }
        };
        var store = new RedisNegativeFeedback(redis, new NegativeFeedbackConfig(CONFIG.timeout(), CONFIG.ttl(), 3), clock);
        for (String v : List.of("v1", "v2", "v3", "v4")) {
            now[0] += 1000;
            get(store.record(List.of(new Suppression(user, Target.VIDEO, v))));
        }
        now[0] += 1000;
        get(store.record(List.of(new Suppression(user, Target.CHANNEL, "c1"))));
        assertEquals(new Suppressed(Set.of("v3", "v4"), Set.of("c1")), get(store.suppressed(user)));

        now[0] += 1000;
        get(store.record(List.of(new Suppression(user, Target.VIDEO, "v3"))));
        now[0] += 1000;
        get(store.record(List.of(new Suppression(user, Target.VIDEO, "v5"))));
        assertEquals(new Suppressed(Set.of("v3", "v5"), Set.of("c1")), get(store.suppressed(user)),
                "saying it again makes an entry new again");
    }

    @Test
    void anUnreachableRedisFailsWithinTheTimeout() {
        var down = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:1"));
        try {
            var store = new RedisNegativeFeedback(down, CONFIG.withTimeout(Duration.ofMillis(300)), Clock.systemUTC());
            long started = System.nanoTime();
            assertThrows(ExecutionException.class, () -> get(store.suppressed(run)));
            assertThrows(ExecutionException.class, () -> get(store.record(List.of(new Suppression(run, Target.VIDEO, "v1")))));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
        } finally {
            down.close();
        }
    }
}
