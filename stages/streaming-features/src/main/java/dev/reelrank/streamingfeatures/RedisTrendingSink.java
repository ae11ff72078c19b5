package dev.reelrank.streamingfeatures;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link TrendScore}s into one Redis sorted set per scope, {@code <prefix><scope>} (default
 * {@code trend-decay:global}, {@code trend-decay:BR}): {@code ZADD} of the absolute forward-decay
 * log score, so a replay rewrites the same value. Each set is trimmed to its highest
 * {@code trending-max-size} members every {@link #TRIM_EVERY} writes to it and on every flush.
 *
 * <p>Readers: order is {@code ZREVRANGE}; the decayed score at time {@code T} (ms) of a member with
 * score {@code L} is {@code 2^(L - T / halfLifeMs)} (see {@link ForwardDecay}).
 *
 * <p>Commands are pipelined on one connection, at most {@link #MAX_IN_FLIGHT} unanswered;
 * {@link SinkWriter#flush} (before every checkpoint) waits for all answers and fails on an error,
 * failing the task, never the TaskManager: the job then restarts from its last checkpoint (see
 * {@code StreamingFeaturesJob#restartStrategy}), so a Redis outage pauses trending and costs no event.
 */
final class RedisTrendingSink implements Sink<TrendScore> {
    static final int MAX_IN_FLIGHT = 1024;
    static final int TRIM_EVERY = 1000;

    private final String url;
    private final String prefix;
    private final int maxSize;

    RedisTrendingSink(StreamingFeaturesConfig settings) {
        this.url = settings.redisUrl();
        this.prefix = settings.trendingKeyPrefix();
        this.maxSize = settings.trendingMaxSize();
    }

    @Override
    public SinkWriter<TrendScore> createWriter(WriterInitContext context) throws IOException {
        return new Writer(url, prefix, maxSize);
    }

    static final class Writer implements SinkWriter<TrendScore> {
        private final Vertx vertx = Vertx.vertx();
        private final RedisConnection connection;
        private final String prefix;
        private final int maxSize;
        private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Map<String, Integer> writesSinceTrim = new HashMap<>();

        Writer(String url, String prefix, int maxSize) throws IOException {
            this.prefix = prefix;
            this.maxSize = maxSize;
            try {
                this.connection = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                                .setMaxWaitingHandlers(MAX_IN_FLIGHT * 2))
                        .connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                vertx.close();
                throw new IOException("cannot connect to Redis at " + url, e);
            }
        }

        @Override
        public void write(TrendScore s, Context context) throws IOException, InterruptedException {
            rethrow();
            String key = prefix + s.scope();
            send(Request.cmd(Command.ZADD).arg(key).arg(s.logScore()).arg(s.videoId()));
            int n = writesSinceTrim.merge(key, 1, Integer::sum);
            if (n >= TRIM_EVERY) trim(key);
        }

        private void trim(String key) throws InterruptedException {
            writesSinceTrim.put(key, 0);
            send(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(maxSize + 1)));
        }

        private void send(Request request) throws InterruptedException {
            inFlight.acquire();
            connection.send(request).onComplete(r -> {
                if (r.failed()) failure.compareAndSet(null, r.cause());
                inFlight.release();
            });
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            for (var e : writesSinceTrim.entrySet()) if (e.getValue() > 0) trim(e.getKey());
            if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS)) throw new IOException("Redis did not answer within 60 s");
            inFlight.release(MAX_IN_FLIGHT);
            rethrow();
        }

        private void rethrow() throws IOException {
            Throwable e = failure.get();
            if (e != null) throw new IOException("writing trending to Redis failed", e);
        }

        /**
         * Releases the connection without waiting for Redis. Flink flushes a finished input through
         * {@link #flush}(true) before this; close itself also runs when the task fails or is
         * cancelled, often because Redis is gone, and waiting there for answers that never come
         * holds the task thread past {@code task.cancellation.timeout}, which Flink treats as fatal
         * for the whole TaskManager (the embedded cluster's only one). Writes not flushed belong to
         * no completed checkpoint, so the restart from the checkpoint writes them again.
         */
        @Override
        public void close() {
            connection.close();
            vertx.close();
        }
    }
}
