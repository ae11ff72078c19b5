package dev.reelrank.vectorindex.lucene;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** One progress line with rate and ETA on stderr, at most every {@code every}. */
final class BulkLoadProgress {
    private final String what;
    private final long total;
    private final Duration every;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastPrintNanos = new AtomicLong(startNanos);

    BulkLoadProgress(String what, long total, Duration every, PrintStream out) {
        this.what = what;
        this.total = total;
        this.every = every;
        this.out = out;
    }

    void add(long n) {
        long d = done.addAndGet(n);
        long now = System.nanoTime();
        long last = lastPrintNanos.get();
        // Only the thread that wins the swap prints, so two indexing threads never double a line.
        if (now - last >= every.toNanos() && lastPrintNanos.compareAndSet(last, now)) out.println(line(d, now));
    }

    long done() {
        return done.get();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    String line(long d, long now) {
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = d / secs;
        var sb = new StringBuilder("vector-index: ").append(what).append(' ').append(d);
        if (total > 0) {
            sb.append('/').append(total).append(String.format(" (%.1f%%)", 100.0 * d / total));
        }
        sb.append(String.format(", %.0f/s, elapsed %s", rate, fmt(secs)));
        if (total > 0 && rate > 0 && d < total) sb.append(", ETA ").append(fmt((total - d) / rate));
        return sb.toString();
    }

    void finish() {
        out.println(line(done.get(), System.nanoTime()) + ", done");
    }

    static String fmt(double secs) {
        long s = Math.round(secs);
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
