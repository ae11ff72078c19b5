package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.embeddings.EmbeddingTopicConsumer;
import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.RolloutSubscription;
import dev.reelrank.eventlog.rollouts.VersionSwitch;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.modelartifacts.DjlRuntime;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.model.VectorIndex;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The retrieval model version this replica serves: its two-tower model (for users without a
 * stored embedding and for Up Next seeds) and its vector index, which a background thread
 * keeps up to date from the {@code video-embeddings} topic (vectors of that version only). The
 * index kind ({@code reelrank.vector-index.kind}, see {@link VersionIndexes}) decides what that
 * means: the embedded index is this replica's own copy with offsets committed in it, so a restart
 * resumes; a Qdrant collection is shared, and the replicas write it as one consumer group.
 *
 * <p>Rollouts: a second thread follows the {@code model-rollouts} topic. When it names another
 * version, that version's model is loaded and its index ({@code <index-dir>/<version>}, kept on
 * disk, so a rollback resumes from its saved offsets) is read to the end offsets of
 * {@code video-embeddings} seen after the rollout record, which was written only once every
 * embedding of the version was acknowledged: the new index is complete when
 * {@link VersionSwitch#switchTo} swaps model and index together. Requests in flight keep the version
 * they pinned; the old one is closed once none uses it.
 *
 * <p>Without a model and without {@code served-version}, there is no version to serve until a
 * rollout names one: the ANN and Up Next sources return nothing and the feed runs on the others.
 */
@Startup
@Singleton
public class RetrievalIndex {
    private static final Logger LOG = Logger.getLogger(RetrievalIndex.class);

    private final RetrievalSettings settings;
    private final VersionIndexes indexes;
    private final ArtifactStore models;
    private final VersionSwitch<ServedVersion> served;
    private final RolloutSubscription rollouts;
    private final FeedMetrics metrics;

    RetrievalIndex(RetrievalSettings settings, VectorIndexSettings indexSettings, FeedMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        // First, so a wrong kind or a native image asked for the model stops start-up before any model is loaded.
        this.indexes = VersionIndexes.of(settings, indexSettings);
        ModelRuntime.check(settings.model().enabled(), ImageMode.current() == ImageMode.NATIVE_RUN);
        DjlRuntime.configure(settings.model().djlCacheDir());
        Path dir = Path.of(settings.model().dir());
        this.models = ArtifactStore.of(dir);
        TwoTowerModel model = settings.model().enabled() ? load(dir) : null;
        String version = settings.servedVersion().filter(v -> !v.isBlank()).orElse(model == null ? null : model.version());
        ServedVersion initial = null;
        if (version == null) {
            LOG.warn("no two-tower model and no reelrank.retrieval.served-version: ANN and Up Next sources are off until a rollout names a version");
        } else {
            if (model != null && !model.version().equals(version)) {
                LOG.warnf("model %s is not the served version %s: it is used for nothing (versions are never mixed)", model.version(), version);
                model.close();
                model = null;
            }
            initial = new ServedVersion(version, model, openIndex(version, model));
            // First start: searches answer from what the index has while it catches up.
            initial.follow(null, consumerFactory(initial), settings.indexRetryDelay());
        }
        this.served = new VersionSwitch<>(initial);
        metrics.servedRetrieval(version);
        this.rollouts = settings.rollouts().enabled()
                ? RolloutSubscription.start(settings.kafkaBootstrapServers(), settings.rollouts().topic(), ModelRollout.TWO_TOWER,
                        settings.rollouts().topicCatchUpTimeout(), settings.indexRetryDelay(), this::apply)
                : null;
    }

    VersionSwitch<ServedVersion> served() {
        return served;
    }

    public Optional<String> servedVersion() {
        return served.current().map(ServedVersion::version);
    }

    private VectorIndex openIndex(String version, TwoTowerModel model) {
        var index = indexes.open(version, model);
        LOG.infof("vector index %s: %s", version, indexes.describe(version, index));
        return index;
    }

    private java.util.function.Supplier<EmbeddingTopicConsumer> consumerFactory(ServedVersion v) {
        return () -> indexes.consumer(v.version(), v.index());
    }

    /** Switches to the rollout's version unless it already serves; a version that cannot be prepared is not switched to. */
    void apply(ModelRollout rollout) {
        served.apply(rollout, versions);
    }

    /** This function's part of a switch: a version's model and index, prepared and closed; requests pin them. */
    private final VersionSwitch.Versions<ServedVersion> versions = new VersionSwitch.Versions<>() {
        @Override
        public String versionOf(ServedVersion v) {
            return v.version();
        }

        @Override
        public ServedVersion prepare(String version) throws Exception {
            return RetrievalIndex.this.prepare(version);
        }

        @Override
        public void retire(ServedVersion old) {
            old.close();
            LOG.infof("retrieval version %s closed (its index stays, on disk or in Qdrant, for a rollback)", old.version());
        }

        @Override
        public VersionSwitch.Retirement retirement() {
            return VersionSwitch.Retirement.whenUnpinned(settings.rollouts().retireGrace());
        }

        @Override
        public void switched(ModelRollout rollout, ServedVersion old, ServedVersion next, Duration took) {
            LOG.infof("retrieval version %s serves now (was %s; %s; index %s vectors, ready %.1f s after the rollout record was read)",
                    next.version(), old == null ? "none" : old.version(), rollout.reason(), sizeForLog(next.index()), took.toNanos() / 1e9);
            metrics.servedRetrieval(next.version());
        }

        @Override
        public void failed(ModelRollout rollout, ServedVersion current, Exception e) {
            LOG.errorf("rollout to %s failed, still serving %s: %s", rollout.version(), current == null ? "nothing" : current.version(), e.toString());
        }
    };

    private ServedVersion prepare(String version) throws Exception {
        Path dir = models.versionDir(ArtifactStore.checkVersion(version));
        TwoTowerModel model = settings.model().enabled() ? TwoTowerModel.load(dir) : null;
        VectorIndex index = null;
        try {
            index = openIndex(version, model);
            var v = new ServedVersion(version, model, index);
            EmbeddingTopicConsumer consumer = consumerFactory(v).get();
            try {
                consumer.catchUp(settings.rollouts().catchUpTimeout());
            } catch (TimeoutException | RuntimeException e) {
                consumer.close();
                throw e;
            }
            indexes.caughtUp(index);
            v.follow(consumer, consumerFactory(v), settings.indexRetryDelay());
            return v;
        } catch (Exception e) {
            if (index != null) index.close();
            if (model != null) model.close();
            throw e;
        }
    }

    /**
     * A remote index (Qdrant) counts over the network: a failure there must not escape the switch
     * callback, which would skip retiring the old version.
     */
    private static String sizeForLog(VectorIndex index) {
        try {
            return Long.toString(index.size());
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static TwoTowerModel load(Path dir) {
        try {
            TwoTowerModel m = TwoTowerModel.loadVersionOrLatest(dir);
            LOG.infof("two-tower model %s from %s", m.version(), dir.toAbsolutePath().normalize());
            return m;
        } catch (Exception e) {
            LOG.warnf("no usable two-tower model at %s (%s): stored user embeddings only", dir.toAbsolutePath().normalize(), e.getMessage());
            return null;
        }
    }

    @PreDestroy
    void close() {
        if (rollouts != null) rollouts.close();
        served.current().ifPresent(ServedVersion::close);
    }
}
