package dev.reelrank.functions.reranking;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.drift.DriftMonitor;
import dev.reelrank.model.ranking.drift.DriftReport;
import dev.reelrank.model.ranking.drift.FeatureBins;
import dev.reelrank.model.ranking.drift.FeatureDrift;
import dev.reelrank.ranking.CandidateScorer;
import dev.reelrank.ranking.ModelScorer;
import dev.reelrank.rankingmodel.DriftReferences;
import dev.reelrank.rankingmodel.MmoeModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Feature drift of the served ranking model: a {@link DriftMonitor} over the rows the served version
 * scores, against the training distributions in its metadata.json, replaced when a rollout switches
 * versions. Exposed as {@code GET /admin/drift} ({@link DriftResource}) and as the gauges
 * {@code reelrank.drift.psi} and {@code reelrank.drift.unknown.share} (tags model_version, feature)
 * and the counter {@code reelrank.drift.rows} (model_version) of the rows counted; the previous
 * version's meters are removed on a switch. The heuristic has no training distribution: nothing is
 * monitored while it serves.
 */
@Singleton
public class DriftService {
    private static final Logger LOG = Logger.getLogger(DriftService.class);

    private final DriftSettings config;
    private final MeterRegistry registry;
    private volatile String servedVersion = "-";
    private volatile DriftMonitor current;
    private final List<Meter> meters = new ArrayList<>();

    private final ThreadPoolExecutor counting;

    DriftService(DriftSettings config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.counting = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, config.queue())),
                r -> Thread.ofPlatform().name("drift-counting").daemon().unstarted(r), new ThreadPoolExecutor.DiscardPolicy());
    }

    /**
     * What a scorer of {@code version} hands its rows to: only while that version is the served one
     * (a call still finishing on the old model after a switch is not the new one's traffic), and only
     * a sampled call's. The counting runs on the monitor's own thread: the scoring thread only checks
     * the sample counter and queues the rows; when the queue is full (counting cannot keep up) the
     * rows are dropped, a sample the smaller. Never throws into a Rank call.
     */
    public Consumer<List<FeatureRow>> observerFor(String version) {
        return rows -> {
            DriftMonitor m = current;
            if (m == null || rows.isEmpty() || !m.modelVersion().equals(version) || !m.sampled()) return;
            try {
                counting.execute(() -> count(m, rows));
            } catch (RuntimeException e) {
                LOG.debugf("drift: rows of %s not counted: %s", version, e);
            }
        };
    }

    private static void count(DriftMonitor m, List<FeatureRow> rows) {
        try {
            m.count(rows);
        } catch (RuntimeException e) {
            LOG.debugf("drift: rows of %s not counted: %s", m.modelVersion(), e);
        }
    }

    /** Waits until the rows queued so far are counted (tests; the endpoint reads what is counted). */
    void awaitCounted() throws InterruptedException {
        var done = new java.util.concurrent.CountDownLatch(1);
        counting.prestartCoreThread();
        counting.getQueue().put(done::countDown);
        done.await();
    }

    @PreDestroy
    void close() {
        counting.shutdownNow();
    }

    /** The scorer now serving: start a fresh window against its training distributions. */
    public synchronized void serve(CandidateScorer scorer) {
        servedVersion = scorer == null ? "-" : scorer.modelVersion();
        meters.forEach(registry::remove);
        meters.clear();
        current = null;
        if (!config.enabled() || !(scorer instanceof ModelScorer s) || !(s.model() instanceof MmoeModel model)) return;
        DriftMonitor m;
        try {
            var settings = new DriftMonitor.Settings(config.threshold(), config.minRows(), config.window(), config.windowSlots(),
                    config.sampleEvery(), config.epsilon());
            m = new DriftMonitor(DriftReferences.of(model, config.exclude()), settings, DriftService::firstCrossed);
        } catch (RuntimeException e) {
            LOG.warnf("drift: not monitoring %s, its feature distributions are unreadable (%s)", servedVersion, e.toString());
            return;
        }
        if (m.reference().features().isEmpty()) {
            LOG.warnf("drift: %s stores no feature distributions; not monitored", servedVersion);
            return;
        }
        register(m);
        current = m;
        LOG.infof("drift: monitoring %d features of %s", m.reference().features().size(), servedVersion);
    }

    /** Empties the window, after the rows already queued are counted: the warm-up's calls for nobody are not traffic. */
    public void clear() {
        DriftMonitor m = current;
        if (m == null) return;
        try {
            awaitCounted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        m.clear();
    }

    public DriftReport report() {
        DriftMonitor m = current;
        return m != null ? m.report() : new DriftReport(servedVersion, 0, config.threshold(), List.of());
    }

    private void register(DriftMonitor m) {
        String version = m.modelVersion();
        List<FeatureBins> features = m.reference().features();
        for (int i = 0; i < features.size(); i++) {
            int f = i;
            FeatureBins bins = features.get(f);
            meters.add(Gauge.builder("reelrank.drift.psi", m, x -> x.psi(f)).strongReference(true)
                    .description("Population stability index of the feature over the drift window against the model's training distribution")
                    .tags("model_version", version, "feature", bins.name()).register(registry));
            if (bins.unknownBin() >= 0) {
                meters.add(Gauge.builder("reelrank.drift.unknown.share", m, x -> x.unknownShare(f)).strongReference(true)
                        .description("Share of rows in the drift window whose value the model does not know")
                        .tags("model_version", version, "feature", bins.name()).register(registry));
            }
        }
        meters.add(FunctionCounter.builder("reelrank.drift.rows", m, DriftMonitor::rowsCounted)
                .description("Scored rows counted into the drift window (the sampled requests' rows)")
                .tags("model_version", version).register(registry));
    }

    /** One line per feature and version when it first drifts: alert-worthy, not per request. */
    private static void firstCrossed(String version, FeatureDrift d, long windowRows) {
        LOG.warnf("drift: feature=%s kind=%s model_version=%s psi=%.4f unknown_share=%s window_rows=%d msg=\"feature distribution "
                + "shifted from training\"", d.name(), d.kind(), version, d.psi(),
                d.unknownShare() == null ? "-" : String.format("%.4f", d.unknownShare()), windowRows);
    }
}
