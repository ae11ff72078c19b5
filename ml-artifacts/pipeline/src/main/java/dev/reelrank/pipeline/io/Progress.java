package dev.reelrank.pipeline.io;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One updating progress line with rate and ETA on stderr. Thread-safe; redraws at most every
 * {@code REDRAW_NANOS} so workers can call {@link #add} per event cheaply.
 */
public final class Progress {
    private static final long REDRAW_NANOS = 500_000_000L;
    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final AtomicLong done = new AtomicLong();
    private final long start = System.nanoTime();
    private volatile long lastDraw;

    public Progress(String label, long total) {
        this(label, total, System.err);
    }

    public Progress(String label, long total, PrintStream out) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
    }

    public void add(long n) {
        done.addAndGet(n);
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            synchronized (this) {
                if (now - lastDraw >= REDRAW_NANOS) { lastDraw = now; draw(false); }
            }
        }
    }

    public synchronized void finish() {
        draw(true);
    }

    public long done() {
        return done.get();
    }

    private void draw(boolean last) {
        long d = Math.min(done.get(), total);
        double frac = (double) d / total;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = frac > 0 ? elapsed * (1 - frac) / frac : Double.NaN;
        int filled = (int) Math.round(frac * WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        out.print(String.format(Locale.ROOT, "\r%-14s [%s] %5.1f%% %,d/%,d  %s elapsed, ETA %s   ",
                label, bar, frac * 100, d, total, clock(elapsed), last ? "0:00" : clock(eta)));
        if (last) out.println();
        out.flush();
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return "--:--";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
