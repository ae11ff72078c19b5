package dev.reelrank.rankingmodel;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One redrawn progress line with rate and ETA (stderr by default). A stage library cannot use the
 * offline pipeline's Progress (ml-artifacts depends on stages, not the other way round), so this
 * is the same idea, small. Single-threaded: the trainer calls it from its loop.
 */
final class Progress {
    private static final long REDRAW_NANOS = 500_000_000L;
    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;

    Progress(String label, long total, PrintStream out) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
    }

    void add(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(false);
        }
    }

    void finish() {
        draw(true);
    }

    private void draw(boolean last) {
        long d = Math.min(done, total);
        double frac = (double) d / total;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = frac > 0 ? elapsed * (1 - frac) / frac : Double.NaN;
        int filled = (int) Math.round(frac * WIDTH);
        out.print(String.format(Locale.ROOT, "\r%-14s [%s] %5.1f%% %,d/%,d  %s elapsed, ETA %s   ", label,
                "#".repeat(filled) + "-".repeat(WIDTH - filled), frac * 100, d, total, clock(elapsed), last ? "0:00" : clock(eta)));
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
