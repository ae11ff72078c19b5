package dev.reelrank.functions.embeddingrefresh;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * What the fold has done since the last report, as one structured line per interval while events
 * flow (quiet when idle; the line is written by the first batch after the interval ends): events per second, Cassandra statements and tower passes per event, and
 * how many users and videos a batch shared its writes among. The figures BENCHMARKS.md quotes.
 * {@code busy} is the share of the time spent folding and handing batches over; their writes
 * overlap the next batch's fold and are not counted in it.
 */
@ApplicationScoped
public class FoldStats {
    private static final Logger LOG = Logger.getLogger(FoldStats.class);

    private final LongAdder records = new LongAdder();
    private final LongAdder folded = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder dead = new LongAdder();
    private final LongAdder users = new LongAdder();
    private final LongAdder videos = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder towerPasses = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder busyNanos = new LongAdder();
    private final AtomicLong since = new AtomicLong(System.nanoTime());
    private final long intervalNanos;

    FoldStats(RefreshSettings settings) {
        this.intervalNanos = settings.statsInterval().toNanos();
    }

    void record(int batchRecords, FeatureRefresher.Outcome<?> outcome, int deadLetters, long nanos) {
        records.add(batchRecords);
        folded.add(outcome.folded());
        duplicates.add(outcome.duplicates());
        dead.add(deadLetters);
        users.add(outcome.users());
        videos.add(outcome.videos());
        writes.add(outcome.writes());
        towerPasses.add(outcome.towerPasses());
        batches.increment();
        busyNanos.add(nanos);
        long start = since.get(), now = System.nanoTime();
        if (now - start >= intervalNanos && since.compareAndSet(start, now)) report((now - start) / 1e9);
    }

    private void report(double seconds) {
        long n = records.sumThenReset();
        long f = folded.sumThenReset(), dup = duplicates.sumThenReset(), d = dead.sumThenReset(), u = users.sumThenReset();
        long v = videos.sumThenReset(), w = writes.sumThenReset(), t = towerPasses.sumThenReset(), b = batches.sumThenReset();
        long busy = busyNanos.sumThenReset();
        if (n == 0) return;
        LOG.infof("fold: records=%d rate=%.0f/s folded=%d duplicates=%d dead_lettered=%d batches=%d users_per_batch=%.1f"
                        + " videos_per_batch=%.1f cassandra_writes_per_event=%.3f tower_passes=%d busy=%.0f%%",
                n, n / seconds, f, dup, d, b, (double) u / b, (double) v / b, f == 0 ? 0.0 : (double) w / f, t,
                100.0 * busy / 1e9 / seconds);
    }
}
