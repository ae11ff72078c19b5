package dev.reelrank.featurestore;

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
 * random). Each write refreshes the key's expiry. Calls fail within the configured timeout.
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

    /** One pipelined batch for the whole call: per user a ZADD of all their members, the trim and the expiry. */
    @Override
    public CompletionStage<Void> record(Collection<Suppression> suppressions) {
        if (suppressions.isEmpty()) return CompletableFuture.completedFuture(null);
        var byUser = new LinkedHashMap<String, List<Suppression>>();
        for (Suppression s : suppressions) byUser.computeIfAbsent(s.userId(), u -> new ArrayList<>()).add(s);
        long now = clock.millis();
        var requests = new ArrayList<Request>(byUser.size() * 3);
        byUser.forEach((userId, list) -> {
            String key = key(userId);
            Request zadd = Request.cmd(Command.ZADD).arg(key);
            for (Suppression s : list) zadd.arg(now).arg(member(s));
            requests.add(zadd);
            requests.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(config.maxEntries() + 1)));
            requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(config.ttl().toMillis()));
        });
        return bounded(() -> redis.batch(requests)).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Suppressed> suppressed(String userId) {
        // The writer trims the set, so reading all of it is bounded.
        return bounded(() -> redis.send(Request.cmd(Command.ZRANGE).arg(key(userId)).arg(0).arg(-1)))
                .thenApply(RedisNegativeFeedback::parse);
    }

    private static String member(Suppression s) {
        return (s.target() == Target.CHANNEL ? CHANNEL : VIDEO) + s.id();
    }

    private static Suppressed parse(Response members) {
        if (members == null || members.size() == 0) return Suppressed.NONE;
        var videos = new HashSet<String>();
        var channels = new HashSet<String>();
        for (Response m : members) {
            String s = m.toString();
            if (s.startsWith(VIDEO)) videos.add(s.substring(VIDEO.length()));
            else if (s.startsWith(CHANNEL)) channels.add(s.substring(CHANNEL.length()));
        }
        return new Suppressed(videos, channels);
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
