package dev.reelrank.model.ranking.drift;

import dev.reelrank.model.ranking.FeatureRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches the rows one model version scores: counts a sample of them into a {@link DriftWindow}
 * and compares the window with the version's training distributions ({@link Psi} per feature,
 * plus the share of values the model does not know).
 *
 * <p>Only every {@code sampleEvery}-th request is counted ({@link #sampled}, a counter, is all the
 * hot path needs to ask; {@link #count} can then run on another thread). After each counted
 * request the features are checked, and {@link Listener#firstCrossed} hears once per feature the
 * first time it drifts, for one log line rather than one per request. Thread-safe.
 */
public final class DriftMonitor {
    /**
     * @param threshold   a feature drifts when its PSI exceeds this (0.2 is the usual "significant shift")
     * @param minRows     ... and the window holds at least this many rows (PSI of a few rows is noise)
     * @param windowRows  rows the sliding window holds at most
     * @param windowSlots sub-windows it slides by (the oldest is dropped when the newest is full)
     * @param sampleEvery count the rows of one request in this many (1 = all)
     * @param epsilon     floor of a bin's share in the PSI (an empty bin would be infinite)
     */
    public record Settings(double threshold, long minRows, long windowRows, int windowSlots, int sampleEvery, double epsilon) {
        public Settings {
            if (!(threshold > 0) || minRows < 0 || windowRows < 1 || windowSlots < 1 || sampleEvery < 1 || !(epsilon > 0)) {
                throw new IllegalArgumentException("drift settings out of range: threshold and epsilon > 0, minRows >= 0, "
                        + "windowRows, windowSlots and sampleEvery >= 1");
            }
        }
    }

    /** Told when a feature first drifts in this monitor's life (after {@link #clear}, again). */
    public interface Listener {
        void firstCrossed(String modelVersion, FeatureDrift drift, long windowRows);

        Listener NONE = (v, d, r) -> {};
    }

    private final DriftReference reference;
    private final Settings settings;
    private final Listener listener;
    private final DriftWindow window;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rowsCounted = new AtomicLong();
    private final boolean[] crossed;

    public DriftMonitor(DriftReference reference, Settings settings, Listener listener) {
        this.reference = reference;
        this.settings = settings;
        this.listener = listener;
        this.window = new DriftWindow(reference, settings.windowRows(), settings.windowSlots());
        this.crossed = new boolean[reference.features().size()];
    }

    public String modelVersion() {
        return reference.modelVersion();
    }

    public DriftReference reference() {
        return reference;
    }

    public Settings settings() {
        return settings;
    }

    /** The rows of one scored request, counted if sampled: {@link #sampled} then {@link #count}. */
    public void offer(List<FeatureRow> rows) {
        if (!rows.isEmpty() && sampled()) count(rows);
    }

    /**
     * Whether the next request is one of the sampled ones (every {@code sampleEvery}-th): cheap, so a
     * caller can decide on the hot path and count elsewhere.
     */
    public boolean sampled() {
        return requests.getAndIncrement() % settings.sampleEvery() == 0;
    }

    /** Counts one request's rows into the window, then checks every feature for a first crossing. */
    public void count(List<FeatureRow> rows) {
        lock.lock();
        try {
            window.addAll(rows);
            rowsCounted.addAndGet(rows.size());
            long n = window.rows();
            if (n < settings.minRows()) return;
            for (int f = 0; f < crossed.length; f++) {
                if (crossed[f]) continue;
                FeatureDrift d = drift(f, n);
                if (d.drifted()) {
                    crossed[f] = true;
                    listener.firstCrossed(reference.modelVersion(), d, n);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Rows counted into the window since this monitor started (sampled ones only). */
    public long rowsCounted() {
        return rowsCounted.get();
    }

    /** Empties the window (e.g. after the warm-up calls, which are not traffic). */
    public void clear() {
        lock.lock();
        try {
            window.clear();
            java.util.Arrays.fill(crossed, false);
        } finally {
            lock.unlock();
        }
    }

    public DriftReport report() {
        lock.lock();
        try {
            long n = window.rows();
            var out = new ArrayList<FeatureDrift>(crossed.length);
            for (int f = 0; f < crossed.length; f++) out.add(drift(f, n));
            return new DriftReport(reference.modelVersion(), n, settings.threshold(), out);
        } finally {
            lock.unlock();
        }
    }

    /** Feature {@code f}'s PSI over the window now (0 while it is empty). */
    public double psi(int f) {
        lock.lock();
        try {
            return drift(f, window.rows()).psi();
        } finally {
            lock.unlock();
        }
    }

    /** Feature {@code f}'s share of unknown values in the window now (0 for numeric features or an empty window). */
    public double unknownShare(int f) {
        lock.lock();
        try {
            Double u = drift(f, window.rows()).unknownShare();
            return u == null ? 0 : u;
        } finally {
            lock.unlock();
        }
    }

    private FeatureDrift drift(int f, long windowRows) {
        FeatureBins bins = reference.features().get(f);
        double[] live = Psi.shares(window.counts(f));
        double psi = windowRows == 0 ? 0 : Psi.psi(bins.referenceShares(), live, settings.epsilon());
        Double unknown = bins.unknownBin() < 0 ? null : live[bins.unknownBin()];
        boolean drifted = windowRows > 0 && windowRows >= settings.minRows() && psi > settings.threshold();
        return new FeatureDrift(bins.name(), bins.kind(), psi, unknown, drifted);
    }
}
