package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.vectorindex.kafka.ModelRollout;
import dev.reelrank.vectorindex.kafka.ModelRollouts;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final Path modelsRoot;
    private final String bootstrap;
    private final String topic;
    private final Duration retryDelay;
    private final Duration retireGrace;
    private final Thread thread;
    private volatile ModelRollouts.Follower follower;
    private volatile boolean closing;
    private boolean pausedBefore;

    ModelFollower(UserEmbedder embedder, Reembedder reembedder, ModelSettings model, RolloutSettings rollouts,
                  @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.embedder = embedder;
        this.reembedder = reembedder;
        Path dir = Path.of(model.dir());
        this.modelsRoot = Files.exists(dir.resolve("metadata.json")) ? dir.toAbsolutePath().getParent().getParent() : dir;
        this.bootstrap = bootstrap;
        this.topic = rollouts.topic();
        this.retryDelay = rollouts.retryDelay();
        this.retireGrace = rollouts.retireGrace();
        this.thread = rollouts.enabled() && model.enabled() ? Thread.ofPlatform().daemon().name("model-rollouts").start(this::follow) : null;
    }

    private void follow() {
        while (!closing) {
            var live = new AtomicBoolean();
            try (var f = new ModelRollouts.Follower(bootstrap, topic, ModelRollout.TWO_TOWER, r -> { if (live.get()) apply(r); })) {
                follower = f;
                if (closing) return;
                f.catchUp(Duration.ofSeconds(30)).ifPresent(this::apply);
                live.set(true);
                f.run();
            } catch (RuntimeException e) {
                if (closing) return;
                // Once at WARN: a stack without the topic (older scripts/stack) would otherwise log every few seconds.
                LOG.logf(pausedBefore ? Logger.Level.DEBUG : Logger.Level.WARN, "following %s paused (%s); retrying in %s", topic, e.toString(), retryDelay);
                pausedBefore = true;
                try {
                    Thread.sleep(retryDelay.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                follower = null;
            }
        }
    }

    void apply(ModelRollout rollout) {
        if (embedder.version().filter(rollout.version()::equals).isPresent()) return;
        TwoTowerModel next;
        try {
            next = TwoTowerModel.load(new ArtifactStore(modelsRoot).versionDir(ArtifactStore.checkVersion(rollout.version())));
        } catch (Exception e) {
            LOG.errorf("rollout to %s: model not loadable (%s); user embeddings stay on %s", rollout.version(), e.toString(),
                    embedder.version().orElse("none"));
            return;
        }
        TwoTowerModel old = embedder.switchTo(next);
        LOG.infof("user embeddings: two-tower model %s from now on (was %s; %s)", next.version(),
                old == null ? "none" : old.version(), rollout.reason());
        reembedder.start(next);
        if (old != null) {
            // An embed() in flight may still hold the old model: close it only after a grace period.
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(retireGrace.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                old.close();
            });
        }
    }

    @PreDestroy
    void close() {
        closing = true;
        reembedder.close();
        if (thread == null) return;
        // Wake a polling consumer rather than interrupting it: an interrupted consumer cannot close
        // its fetch sessions cleanly. Only a thread waiting out a retry delay is interrupted.
        var f = follower;
        if (f != null) f.wakeup();
        else thread.interrupt();
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
