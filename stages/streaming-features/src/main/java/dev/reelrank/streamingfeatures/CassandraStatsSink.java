package dev.reelrank.streamingfeatures;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.reelrank.model.VideoStatsDelta;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link VideoStreamStats} to {@code reelrank.video_stream_stats}: one row per video and
 * span ({@code total}, {@code 5m}, {@code 1h}, {@code 24h}), absolute values, so writing the same
 * state twice (a replay after a restore) is harmless. The four rows of a video go in one
 * single-partition batch. Writes are asynchronous (at most {@link #MAX_IN_FLIGHT} at a time);
 * {@link SinkWriter#flush} waits for all of them and fails on the first error, and Flink calls it
 * before every checkpoint, so a checkpoint never completes with a write of its state lost. A
 * failure fails the task (only ever with an exception; closing never waits on Cassandra), and the
 * job restarts from the last checkpoint.
 */
final class CassandraStatsSink implements Sink<VideoStreamStats> {
    static final String INSERT = "INSERT INTO reelrank.video_stream_stats (video_id, span, impressions, views, clicks,"
            + " watch_seconds, likes, dislikes, shares, skips, not_interested, ctr, as_of) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static final int MAX_IN_FLIGHT = 256;
    /** Longer than the driver's request timeout (see {@link #session}), so only a lost answer reaches it. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);

    private final String contactPoint;
    private final String localDc;

    CassandraStatsSink(StreamingFeaturesConfig settings) {
        this.contactPoint = settings.cassandraContactPoint();
        this.localDc = settings.cassandraLocalDatacenter();
    }

    @Override
    public SinkWriter<VideoStreamStats> createWriter(WriterInitContext context) {
        CqlSession session = session(contactPoint, localDc);
        try {
            return new Writer(session);
        } catch (RuntimeException e) {
            session.closeAsync();   // a prepare failed (Cassandra going down): no session left behind per restart
            throw e;
        }
    }

    static CqlSession session(String contactPoint, String localDc) {
        int colon = contactPoint.lastIndexOf(':');
        String host = colon < 0 ? contactPoint : contactPoint.substring(0, colon);
        int port = colon < 0 ? 9042 : Integer.parseInt(contactPoint.substring(colon + 1));
        var config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .build();
        return CqlSession.builder().addContactPoint(new InetSocketAddress(host, port))
                .withLocalDatacenter(localDc).withConfigLoader(config).build();
    }

    static final class Writer implements SinkWriter<VideoStreamStats> {
        private final CqlSession session;
        private final PreparedStatement insert;
        private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Writer(CqlSession session) {
            this.session = session;
            this.insert = session.prepare(INSERT);
        }

        @Override
        public void write(VideoStreamStats s, Context context) throws IOException, InterruptedException {
            rethrow();
            Instant asOf = Instant.ofEpochMilli(s.asOfMillis());
            BatchStatement batch = BatchStatement.newInstance(BatchType.UNLOGGED,
                    bind(s.videoId(), "total", s.total(), asOf), bind(s.videoId(), "5m", s.last5m(), asOf),
                    bind(s.videoId(), "1h", s.last1h(), asOf), bind(s.videoId(), "24h", s.last24h(), asOf));
            inFlight.acquire();
            session.executeAsync(batch).whenComplete((r, e) -> {
                if (e != null) failure.compareAndSet(null, e);
                inFlight.release();
            });
        }

        private com.datastax.oss.driver.api.core.cql.BoundStatement bind(String videoId, String span, VideoStatsDelta d, Instant asOf) {
            return insert.bind(videoId, span, d.impressions(), d.views(), d.clicks(), d.watchSeconds(), d.likes(),
                    d.dislikes(), d.shares(), d.skips(), d.notInterested(), VideoStreamStats.ctr(d), asOf);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            // Each write ends within the driver's request timeout; the bound only guards against a lost callback.
            if (!inFlight.tryAcquire(MAX_IN_FLIGHT, FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                throw new IOException("Cassandra did not answer within " + FLUSH_TIMEOUT);
            inFlight.release(MAX_IN_FLIGHT);
            rethrow();
        }

        private void rethrow() throws IOException {
            Throwable e = failure.get();
            if (e != null) throw new IOException("writing video_stream_stats failed", e);
        }

        /**
         * Closes the session without waiting for Cassandra (the driver's blocking {@code close()}
         * cannot be interrupted). Flink flushes a finished input through {@link #flush}(true) before
         * this; close also runs when the task fails or is cancelled, and a task thread stuck there
         * past {@code task.cancellation.timeout} is fatal to the whole TaskManager. Writes not
         * flushed belong to no completed checkpoint: the restart from it writes them again.
         */
        @Override
        public void close() {
            session.closeAsync();
        }
    }
}
