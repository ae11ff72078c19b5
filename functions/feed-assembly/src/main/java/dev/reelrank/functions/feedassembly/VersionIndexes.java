package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.embeddings.EmbeddingTopicConsumer;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.retrievalmodel.TwoTowerModel;

/**
 * How a model version's vector index is opened and kept current from {@code video-embeddings}:
 * the one place that differs between the index kinds. {@link RetrievalIndex} and its rollouts
 * work the same over either.
 */
interface VersionIndexes {
    /** The version's index, without reaching any server (so start-up does not depend on one). */
    VectorIndex open(String version, TwoTowerModel model);

    /** A consumer applying the version's records to {@code index}; may reach the index's server. */
    EmbeddingTopicConsumer consumer(String version, VectorIndex index);

    /** Called after a new version's consumer caught up, before the switch. */
    void caughtUp(VectorIndex index);

    /** For the start-up log: where the index is and how it is searched. */
    String describe(String version, VectorIndex index);

    static VersionIndexes of(RetrievalSettings retrieval, VectorIndexSettings index) {
        return switch (IndexKind.parse(index.kind())) {
            case EMBEDDED -> new EmbeddedVersionIndexes(retrieval);
            case QDRANT -> new QdrantVersionIndexes(index.qdrant(), retrieval.indexEfSearch(), retrieval.kafkaBootstrapServers());
        };
    }
}
