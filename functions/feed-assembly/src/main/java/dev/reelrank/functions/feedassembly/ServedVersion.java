package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.embeddings.EmbeddingTopicConsumer;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.retrieval.TwoTowerSimilarity;
import dev.reelrank.retrieval.TwoTowerTowers;
import dev.reelrank.retrieval.UserEmbeddings;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.model.VectorIndex;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Everything one retrieval model version serves with: its two-tower model (null: stored user
 * embeddings of this version only), its index, the consumer keeping the index current, and the
 * candidate sources built over them. Never mixed with another version's parts.
 */
final class ServedVersion implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServedVersion.class);
    private final String version;
    private final TwoTowerModel model;
    private final VectorIndex index;
    private final ConcurrentHashMap<String, CandidateSource> sources = new ConcurrentHashMap<>();
    private final CandidateSimilarity similarity;
    private volatile EmbeddingTopicConsumer consumer;
    private volatile Thread updater;
    private volatile boolean closing;

    ServedVersion(String version, TwoTowerModel model, VectorIndex index) {
        this.version = version;
        this.model = model;
        this.index = index;
        // The user's vector as ANN queries with it, the videos' from this version's index.
        this.similarity = new TwoTowerSimilarity(new UserEmbeddings(version, model == null ? null : TwoTowerTowers.user(model)),
                ids -> this.index.vectors(ids));
    }

    /** The ranking feature "two-tower similarity" of this version. */
    CandidateSimilarity similarity() {
        return similarity;
    }

    String version() {
        return version;
    }

    Optional<TwoTowerModel> model() {
        return Optional.ofNullable(model);
    }

    VectorIndex index() {
        return index;
    }

    /** One source per name and version, built on first use. */
    CandidateSource source(String name, Function<ServedVersion, CandidateSource> factory) {
        return sources.computeIfAbsent(name, n -> factory.apply(this));
    }

    /**
     * Keeps the index current on a thread of its own until {@link #close()}: runs {@code first} (a
     * consumer already caught up, or null), then new consumers from {@code factory} after failures.
     */
    void follow(EmbeddingTopicConsumer first, Supplier<EmbeddingTopicConsumer> factory, Duration retryDelay) {
        updater = Thread.ofPlatform().daemon().name("vector-index-" + version).start(() -> {
            EmbeddingTopicConsumer next = first;
            while (!closing) {
                try (var c = next != null ? next : factory.get()) {
                    next = null;
                    consumer = c;
                    if (closing) return;
                    c.run();
                } catch (RuntimeException e) {
                    if (closing) return;
                    LOG.warnf("vector index %s: updates paused (%s); retrying in %s", version, e.toString(), retryDelay);
                    try {
                        Thread.sleep(retryDelay.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                } finally {
                    consumer = null;
                }
            }
        });
    }

    @Override
    public void close() {
        closing = true;
        var c = consumer;
        if (c != null) c.close();
        var t = updater;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        index.close();
        if (model != null) model.close();
    }

    @Override
    public String toString() {
        return version;
    }
}
