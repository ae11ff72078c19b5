package dev.reelrank.eventarchive;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and liveness of one archiver, safe to read from any thread (health checks, logs). */
public final class ArchiverStatus {
    final AtomicLong archived = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong files = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong commits = new AtomicLong();
    /** Files closed before their size or interval because too many records were held (max-buffered-records). */
    final AtomicLong earlyFlushes = new AtomicLong();
    volatile boolean running;
    volatile Instant lastPoll;
    volatile int assignedPartitions;
    volatile boolean joined;
    volatile String lastError;
    volatile Instant lastCommit;
    volatile int buffered;

    /** Events written to the archive (first copies only). */
    public long archived() { return archived.get(); }
    /** Events dropped because their source + id was archived already. */
    public long duplicates() { return duplicates.get(); }
    /** Records that are not one of our CloudEvents (never produced by ingestion); skipped. */
    public long rejected() { return rejected.get(); }
    public long files() { return files.get(); }
    public long bytes() { return bytes.get(); }
    public long commits() { return commits.get(); }
    public long earlyFlushes() { return earlyFlushes.get(); }
    public boolean running() { return running; }
    /** When the loop last returned from a Kafka poll; null before the first. */
    public Instant lastPoll() { return lastPoll; }
    public int assignedPartitions() { return assignedPartitions; }
    /** Whether the current consumer has joined its group (had an assignment, possibly empty). */
    public boolean joined() { return joined; }
    /** When offsets were last committed (their files durable), or when the loop started; null before it ran. */
    public Instant lastCommit() { return lastCommit; }
    /** Records read and held for a file not committed yet (after the last poll's flush). */
    public int buffered() { return buffered; }
    /** The last failure the loop recovered from, or null. */
    public String lastError() { return lastError; }

    @Override
    public String toString() {
        return "archived=" + archived() + " duplicates=" + duplicates() + " rejected=" + rejected()
                + " files=" + files() + " bytes=" + bytes() + " commits=" + commits() + " early_flushes=" + earlyFlushes();
    }
}
