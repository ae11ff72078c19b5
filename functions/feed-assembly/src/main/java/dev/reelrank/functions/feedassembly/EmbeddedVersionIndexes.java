package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.embeddings.EmbeddingTopicConsumer;
import dev.reelrank.eventlog.embeddings.OffsetCheckpoint;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.nio.file.Path;

/**
 * {@code kind=embedded}: a Lucene HNSW index per version at {@code <index-dir>/<version>}, a full
 * copy on each replica, filled by a consumer of its own that reads every partition and keeps its
 * offsets in the index's commit (a restart resumes; a rollback finds the old version on disk).
 */
final class EmbeddedVersionIndexes implements VersionIndexes {
    private final RetrievalSettings settings;

    EmbeddedVersionIndexes(RetrievalSettings settings) {
        this.settings = settings;
    }

    @Override
    public VectorIndex open(String version, TwoTowerModel model) {
        Path dir = Path.of(settings.indexDir()).resolve(ArtifactStore.checkVersion(version));
        return new EmbeddedHnswIndex(dir, HnswConfig.DEFAULT.withEfSearch(settings.indexEfSearch())
                .withExactScanMaxVectors(settings.indexExactScanMaxVectors()).withRamBufferMb(settings.indexRamBufferMb())
                .withRefreshInterval(settings.indexRefreshInterval()).withIndexThreads(1));
    }

    @Override
    public EmbeddingTopicConsumer consumer(String version, VectorIndex index) {
        var embedded = (EmbeddedHnswIndex) index; // opened by this class
        return new EmbeddingTopicConsumer(EmbeddingTopicConsumer.Config.defaults(settings.kafkaBootstrapServers(), version),
                embedded, OffsetCheckpoint.inCommitData(embedded::committedUserData, embedded::commit));
    }

    @Override
    public void caughtUp(VectorIndex index) {
        // Searches see the caught-up vectors at once, not at the next periodic refresh.
        ((EmbeddedHnswIndex) index).refresh();
    }

    @Override
    public String describe(String version, VectorIndex index) {
        var embedded = (EmbeddedHnswIndex) index;
        Path dir = Path.of(settings.indexDir()).resolve(version).toAbsolutePath().normalize();
        return "embedded at " + dir + ": " + embedded.size() + " vectors, searched by "
                + (embedded.searchesExactly() ? "exact scan (up to " + settings.indexExactScanMaxVectors() + " vectors)" : "HNSW graph");
    }
}
