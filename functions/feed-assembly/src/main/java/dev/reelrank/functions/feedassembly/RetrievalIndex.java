package dev.reelrank.functions.feedassembly;

import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.vectorindex.kafka.EmbeddingTopicConsumer;
import dev.reelrank.vectorindex.kafka.OffsetCheckpoint;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The retrieval model version this replica serves, its two-tower model (for users without a
 * stored embedding and for Up Next seeds) and its embedded HNSW index, which a background thread
 * keeps up to date from the {@code video-embeddings} topic (vectors of the served version only;
 * the offsets are committed with the index, so a restart resumes). Searches see the index as it
 * is: while it catches up after a first start, ANN answers from what it has.
 *
 * <p>Without a model and without {@code served-version}, there is no version to serve: the ANN and
 * Up Next sources are left out and the feed runs on the other sources.
 */
@Startup
@Singleton
public class RetrievalIndex {
    private static final Logger LOG = Logger.getLogger(RetrievalIndex.class);

    private final TwoTowerModel model;
    private final String servedVersion;
    private final EmbeddedHnswIndex index;
    private final Thread updater;
    private volatile EmbeddingTopicConsumer consumer;
    private volatile boolean closing;

    RetrievalIndex(RetrievalSettings settings) {
        this.model = settings.model().enabled() ? load(settings.model()) : null;
        this.servedVersion = settings.servedVersion().filter(v -> !v.isBlank())
                .orElse(model == null ? null : model.version());
        if (servedVersion == null) {
            LOG.warn("no two-tower model and no reelrank.retrieval.served-version: ANN and Up Next sources are off");
            this.index = null;
            this.updater = null;
            return;
        }
        if (model != null && !model.version().equals(servedVersion)) {
            LOG.warnf("model %s is not the served version %s: it is used for nothing (versions are never mixed)", model.version(), servedVersion);
        }
        Path dir = Path.of(settings.indexDir()).resolve(servedVersion);
        this.index = new EmbeddedHnswIndex(dir, HnswConfig.DEFAULT.withEfSearch(settings.indexEfSearch())
                .withRefreshInterval(settings.indexRefreshInterval()).withIndexThreads(1));
        LOG.infof("vector index %s at %s: %d vectors", servedVersion, dir.toAbsolutePath().normalize(), index.size());
        this.updater = Thread.ofPlatform().daemon().name("vector-index-updater").start(() -> follow(settings));
    }

    /** Builds the consumer (it needs Kafka) and runs it; retries after failures until closed. */
    private void follow(RetrievalSettings settings) {
        while (!closing) {
            try (var c = new EmbeddingTopicConsumer(EmbeddingTopicConsumer.Config.defaults(settings.kafkaBootstrapServers(), servedVersion),
                    index, OffsetCheckpoint.inCommitOf(index))) {
                consumer = c;
                if (closing) return;
                c.run();
            } catch (RuntimeException e) {
                if (closing) return;
                LOG.warnf("vector index updates paused (%s); retrying in %s", e.toString(), settings.indexRetryDelay());
                try {
                    Thread.sleep(settings.indexRetryDelay().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }

    private static TwoTowerModel load(RetrievalSettings.Model settings) {
        Path dir = Path.of(settings.dir());
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", settings.djlCacheDir());
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
        try {
            TwoTowerModel m = Files.exists(dir.resolve("metadata.json")) ? TwoTowerModel.load(dir) : TwoTowerModel.loadLatest(dir);
            LOG.infof("two-tower model %s from %s", m.version(), dir.toAbsolutePath().normalize());
            return m;
        } catch (Exception e) {
            LOG.warnf("no usable two-tower model at %s (%s): stored user embeddings only", dir.toAbsolutePath().normalize(), e.getMessage());
            return null;
        }
    }

    public Optional<TwoTowerModel> model() {
        return Optional.ofNullable(model);
    }

    public Optional<String> servedVersion() {
        return Optional.ofNullable(servedVersion);
    }

    public Optional<EmbeddedHnswIndex> index() {
        return Optional.ofNullable(index);
    }

    @PreDestroy
    void close() {
        closing = true;
        var c = consumer;
        if (c != null) c.close();
        if (updater != null) {
            updater.interrupt();
            try {
                updater.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (index != null) index.close();
        if (model != null) model.close();
    }
}
