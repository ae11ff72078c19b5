package dev.reelrank.functions.reranking;

import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.RolloutSubscription;
import dev.reelrank.eventlog.rollouts.VersionSwitch;
import dev.reelrank.ranking.CandidateScorer;
import dev.reelrank.ranking.HeuristicScorer;
import dev.reelrank.ranking.ModelScorer;
import dev.reelrank.modelartifacts.DjlRuntime;
import dev.reelrank.rankingmodel.MmoeModel;
import dev.reelrank.rankingmodel.RankingArtifacts;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The scorer behind {@code Rank}, switched without a restart when {@code model-rollouts} names
 * another ranking version: the new model is loaded and warmed up (every padded batch size once,
 * since DJL stalls on a shape it has not seen) beside the served one, then swapped in; a version
 * that cannot be loaded leaves the served one in place. A Rank call reads {@link #current} once, so
 * all of its scores and its {@code model_version} come from one model.
 *
 * <p>At start the learned model (configured version, else {@code mmoe/LATEST}) is loaded and warmed
 * before the function reports ready; the heuristic serves only where no learned version exists yet
 * (a fresh clone before {@code scripts/train ranking}) or when {@code reelrank.ranking.model=heuristic}.
 */
@Startup
@Singleton
public class ServedScorer {
    private static final Logger LOG = Logger.getLogger(ServedScorer.class);

    private final RankingSettings settings;
    private final RankingArtifacts artifacts;
    private final VersionSwitch<CandidateScorer> scorer;
    private final RolloutSubscription subscription;
    private final ExecutorService inference;
    private final RankingMetrics metrics;
    private final DriftService drift;

    ServedScorer(RankingSettings settings, DriftService drift, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                 RankingMetrics metrics) {
        this.settings = settings;
        this.drift = drift;
        this.metrics = metrics;
        int threads = settings.mmoe().inferenceThreads() > 0 ? settings.mmoe().inferenceThreads() : Runtime.getRuntime().availableProcessors();
        var named = new AtomicInteger();
        this.inference = Executors.newFixedThreadPool(threads, r -> {
            var t = new Thread(r, "ranking-inference-" + named.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.artifacts = new RankingArtifacts(Path.of(settings.mmoe().dir()));
        boolean learned = switch (settings.model()) {
            case "mmoe" -> true;
            case "heuristic" -> false;
            default -> throw new IllegalArgumentException("reelrank.ranking.model must be mmoe or heuristic, not " + settings.model());
        };
        this.scorer = new VersionSwitch<>(learned ? initialModel().orElseGet(this::heuristic) : heuristic());
        LOG.infof("ranking: serving %s", scorer.current().map(CandidateScorer::modelVersion).orElse("-"));
        metrics.servedRanking(scorer.current().map(CandidateScorer::modelVersion).orElse(null));
        drift.serve(scorer.current().orElse(null));
        this.subscription = learned && settings.rollouts().enabled()
                ? RolloutSubscription.start(bootstrap, settings.rollouts().topic(), ModelRollout.RANKING,
                        settings.rollouts().topicCatchUpTimeout(), settings.rollouts().retryDelay(), this::apply)
                : null;
    }

    /** The scorer to use for one whole request. */
    public CandidateScorer current() {
        return scorer.current().orElseThrow();
    }

    /**
     * Scores on the inference threads (a learned model) or on the caller's (the heuristic, pure Java).
     * The caller's virtual thread unmounts while it waits.
     */
    public float[][] score(CandidateScorer scorer, CandidateScorer.Request request) {
        if (!(scorer instanceof ModelScorer)) return scorer.score(request);
        try {
            return inference.submit(() -> scorer.score(request)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring", e);
        }
    }

    private CandidateScorer heuristic() {
        return new HeuristicScorer(settings.heuristic().params());
    }

    private Optional<CandidateScorer> initialModel() {
        Optional<String> version;
        try {
            version = settings.mmoe().version().or(() -> {
                try {
                    return artifacts.latest();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("ranking: cannot read %s (%s); serving %s", artifacts.modelsDir(), e.toString(), HeuristicScorer.MODEL_VERSION);
            return Optional.empty();
        }
        if (version.isEmpty()) {
            LOG.warnf("ranking: no learned model under %s (scripts/train ranking makes one); serving %s until a rollout names one",
                    artifacts.modelsDir(), HeuristicScorer.MODEL_VERSION);
            return Optional.empty();
        }
        try {
            return Optional.of(load(version.get()));
        } catch (Exception e) {
            LOG.errorf("ranking: model %s not loadable (%s); serving %s", version.get(), e.toString(), HeuristicScorer.MODEL_VERSION);
            return Optional.empty();
        }
    }

    /** Loads, checks the feature schema (ModelScorer refuses another) and warms every padded size. */
    CandidateScorer load(String version) throws Exception {
        DjlRuntime.configure(settings.mmoe().djlCacheDir());
        long started = System.nanoTime();
        MmoeModel model = MmoeModel.load(artifacts.versionDir(RankingArtifacts.checkVersion(version)), settings.mmoe().batchSizes());
        try {
            var served = new ModelScorer(model, settings.mmoe().defaultDurationSeconds(), drift.observerFor(model.version()));
            Map<Integer, Double> firstCalls = model.warmUp();
            LOG.infof("ranking: model %s loaded and warmed up in %.0f ms (first call per batch size, ms: %s)", version,
                    (System.nanoTime() - started) / 1e6, firstCalls);
            return served;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    void apply(ModelRollout rollout) {
        scorer.apply(rollout, versions);
    }

    private final VersionSwitch.Versions<CandidateScorer> versions = new VersionSwitch.Versions<>() {
        @Override
        public String versionOf(CandidateScorer s) {
            return s.modelVersion();
        }

        @Override
        public CandidateScorer prepare(String version) throws Exception {
            return load(version);
        }

        @Override
        public void retire(CandidateScorer old) {
            if (old instanceof ModelScorer m) m.model().close();
        }

        /** A Rank call in flight may still hold the old scorer: close it only after a grace period. */
        @Override
        public VersionSwitch.Retirement retirement() {
            return VersionSwitch.Retirement.after(settings.rollouts().retireGrace());
        }

        @Override
        public void switched(ModelRollout rollout, CandidateScorer old, CandidateScorer next, Duration took) {
            LOG.infof("ranking: model %s from now on (was %s; %s, %d ms after the rollout record)", next.modelVersion(),
                    old == null ? "none" : old.modelVersion(), rollout.reason(), took.toMillis());
            metrics.servedRanking(next.modelVersion());
            drift.serve(next);
        }

        @Override
        public void failed(ModelRollout rollout, CandidateScorer current, Exception e) {
            LOG.errorf("ranking: rollout to %s failed (%s); still serving %s", rollout.version(), e.toString(),
                    current == null ? "none" : current.modelVersion());
        }
    };

    @PreDestroy
    void close() {
        if (subscription != null) subscription.close();
        inference.shutdown();
        scorer.current().ifPresent(s -> {
            if (s instanceof ModelScorer m) m.model().close();
        });
    }
}
