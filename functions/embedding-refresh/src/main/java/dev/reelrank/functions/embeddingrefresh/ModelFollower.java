package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.RolloutSubscription;
import dev.reelrank.eventlog.rollouts.VersionSwitch;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the user tower on the version the {@code model-rollouts} topic names, so embeddings written
 * from now on belong to the version the feed serves, and starts the {@link Reembedder} for users
 * active in the last days whose stored embedding is of another version. Until a user is
 * re-embedded, the feed computes their embedding with the served version's user tower
 * (UserEmbeddings never uses another version's vector).
 */
@Startup
@Singleton
public class ModelFollower {
    private static final Logger LOG = Logger.getLogger(ModelFollower.class);

    private final UserEmbedder embedder;
    private final Reembedder reembedder;
    private final ArtifactStore models;
    private final Duration retireGrace;
    private final RolloutSubscription subscription;
    private final RefreshMetrics metrics;

    ModelFollower(UserEmbedder embedder, Reembedder reembedder, ModelSettings model, RolloutSettings rollouts,
                  @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, RefreshMetrics metrics) {
        this.embedder = embedder;
        this.metrics = metrics;
        metrics.servedRetrieval(embedder.models().current().map(TwoTowerModel::version).orElse(null));
        this.reembedder = reembedder;
        this.models = ArtifactStore.of(Path.of(model.dir()));
        this.retireGrace = rollouts.retireGrace();
        this.subscription = rollouts.enabled() && model.enabled()
                ? RolloutSubscription.start(bootstrap, rollouts.topic(), ModelRollout.TWO_TOWER, rollouts.topicCatchUpTimeout(),
                        rollouts.retryDelay(), this::apply)
                : null;
    }

    void apply(ModelRollout rollout) {
        embedder.models().apply(rollout, versions);
    }

    /** This function's part of a switch: the user tower's model; embed calls read it without a pin. */
    private final VersionSwitch.Versions<TwoTowerModel> versions = new VersionSwitch.Versions<>() {
        @Override
        public String versionOf(TwoTowerModel m) {
            return m.version();
        }

        @Override
        public TwoTowerModel prepare(String version) throws Exception {
            return TwoTowerModel.load(models.versionDir(ArtifactStore.checkVersion(version)));
        }

        @Override
        public void retire(TwoTowerModel old) {
            old.close();
        }

        /** An embed() in flight may still hold the old model: close it only after a grace period. */
        @Override
        public VersionSwitch.Retirement retirement() {
            return VersionSwitch.Retirement.after(retireGrace);
        }

        @Override
        public void switched(ModelRollout rollout, TwoTowerModel old, TwoTowerModel next, Duration took) {
            LOG.infof("user embeddings: two-tower model %s from now on (was %s; %s)", next.version(),
                    old == null ? "none" : old.version(), rollout.reason());
            metrics.servedRetrieval(next.version());
            if (old != null) reembedder.start(next, old.version());
        }

        @Override
        public void failed(ModelRollout rollout, TwoTowerModel current, Exception e) {
            LOG.errorf("rollout to %s: model not loadable (%s); user embeddings stay on %s", rollout.version(), e.toString(),
                    current == null ? "none" : current.version());
        }
    };

    @PreDestroy
    void close() {
        reembedder.close();
        if (subscription != null) subscription.close();
    }
}
