package dev.reelrank.featurestore.redis;

import dev.reelrank.featurestore.NegativeFeedbackConfig;
import dev.reelrank.model.NegativeFeedback;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The recent "not interested" of each user in a sorted set {@code ni:{userId}}: members
 * {@code v:{videoId}} and {@code c:{channelId}}, scored by when they were recorded, so trimming to
 * {@link NegativeFeedbackConfig#maxEntries()} drops the oldest (a plain set could only drop at
 * random); the videos the user recently watched or clicked in {@code seen:{userId}}, trimmed to
 * {@link NegativeFeedbackConfig#maxWatched()}, apart so a binge cannot push a "not interested"
 * out. Each write refreshes the key's expiry; a read is one round trip for both sets. Calls fail
 * within the configured timeout.
 */
public final class RedisNegativeFeedback implements NegativeFeedback {
    private static final String VIDEO = "v:";
    private static final String CHANNEL = "c:";

    private final Redis redis;
    private final NegativeFeedbackConfig config;
    private final Clock clock;

    public RedisNegativeFeedback(Redis redis, NegativeFeedbackConfig config, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static String key(String userId) {
        return "ni:" + userId;
    }

    public static String watchedKey(String userId) {
        return "seen:" + userId;
    }

    /** One pipelined batch for the whole call: per user a ZADD of all their members, the trim and the expiry. */
    @Override
    public CompletionStage<Void> record(Collection<Suppression> suppressions) {
        if (suppressions.isEmpty()) return CompletableFuture.completedFuture(null);
        var byUser = new LinkedHashMap<String, List<Suppression>>();
        for (Suppression s : suppressions) byUser.computeIfAbsent(s.userId(), u -> new ArrayList<>()).add(s);
        long now = clock.millis();
        var requests = new ArrayList<Request>(byUser.size() * 3);
        byUser.forEach((userId, list) -> {
            add(requests, key(userId), now, list.stream().filter(s -> s.target() != Target.WATCHED).toList(), config.maxEntries());
            add(requests, watchedKey(userId), now, list.stream().filter(s -> s.target() == Target.WATCHED).toList(), config.maxWatched());
        });
        return bounded(() -> redis.batch(requests)).thenApply(r -> null);
    }

    private void add(List<Request> requests, String key, long now, List<Suppression> members, int keep) {
        if (members.isEmpty()) return;
        Request zadd = Request.cmd(Command.ZADD).arg(key);
        for (Suppression s : members) zadd.arg(now).arg(member(s));
        requests.add(zadd);
        requests.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(keep + 1)));
        requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(config.ttl().toMillis()));
    }

    @Override
    public CompletionStage<Suppressed> suppressed(String userId) {
        // The writer trims both sets, so reading all of them is bounded.
        return bounded(() -> redis.batch(List.of(Request.cmd(Command.ZRANGE).arg(key(userId)).arg(0).arg(-1),
                        Request.cmd(Command.ZRANGE).arg(watchedKey(userId)).arg(0).arg(-1))))
                .thenApply(r -> parse(r.get(0), r.get(1)));
    }

    private static String member(Suppression s) {
        return (s.target() == Target.CHANNEL ? CHANNEL : VIDEO) + s.id();
    }

    private static Suppressed parse(Response members, Response seen) {
        boolean none = members == null || members.size() == 0, unseen = seen == null || seen.size() == 0;
        if (none && unseen) return Suppressed.NONE;
        var videos = new HashSet<String>();
        var channels = new HashSet<String>();
        var watched = new HashSet<String>();
        if (!none) {
            for (Response m : members) {
                String s = m.toString();
                if (s.startsWith(VIDEO)) videos.add(s.substring(VIDEO.length()));
                else if (s.startsWith(CHANNEL)) channels.add(s.substring(CHANNEL.length()));
            }
        }
        if (!unseen) {
            for (Response m : seen) {
                String s = m.toString();
                if (s.startsWith(VIDEO)) watched.add(s.substring(VIDEO.length()));
            }
        }
        return new Suppressed(videos, channels, watched);
    }

    /** Failures, synchronous ones included (a closed client throws), arrive as a failed stage. */
    private <T> CompletableFuture<T> bounded(Supplier<Future<T>> call) {
        try {
            return call.get().toCompletionStage().toCompletableFuture().orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
