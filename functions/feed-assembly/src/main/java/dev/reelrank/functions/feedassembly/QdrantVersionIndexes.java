package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.embeddings.EmbeddingTopicConsumer;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.vectorindex.qdrant.QdrantConfig;
import dev.reelrank.vectorindex.qdrant.QdrantVectorIndex;

/**
 * {@code kind=qdrant}: one collection per version ({@code <collection-prefix><version>}), shared by
 * every replica. Replicas must not each write their own copy of the topic into it, so they apply
 * {@code video-embeddings} as one consumer group per collection: each partition has one writer at
 * a time, offsets are committed to Kafka only after Qdrant acknowledged the upserts, and points are
 * keyed by a name-based UUID of the video id, so a record replayed after a crash or a rebalance
 * rewrites the same point. A rollout creates the new version's collection and group beside the
 * old ones; the old collection stays for a rollback (dropping it is an operator's step).
 */
final class QdrantVersionIndexes implements VersionIndexes {
    private final VectorIndexSettings.Qdrant settings;
    private final int efSearch;
    private final String kafkaBootstrapServers;

    QdrantVersionIndexes(VectorIndexSettings.Qdrant settings, int efSearch, String kafkaBootstrapServers) {
        this.settings = settings;
        this.efSearch = efSearch;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    QdrantConfig config(String version, int dimension) {
        return new QdrantConfig(settings.url(), settings.apiKey().filter(k -> !k.isBlank()).orElse(null),
                settings.collectionPrefix() + ArtifactStore.checkVersion(version), dimension, settings.m(), settings.efConstruct(),
                efSearch, settings.upsertBatchSize(), settings.timeout());
    }

    String consumerGroup(String collection) {
        return settings.consumerGroupPrefix() + collection;
    }

    @Override
    public VectorIndex open(String version, TwoTowerModel model) {
        // The gRPC channel connects on the first call, not here.
        return new QdrantVectorIndex(config(version, model != null ? model.dimension() : settings.dimension()));
    }

    @Override
    public EmbeddingTopicConsumer consumer(String version, VectorIndex index) {
        var qdrant = (QdrantVectorIndex) index; // opened by this class
        qdrant.ensureCollection();
        return EmbeddingTopicConsumer.sharedGroup(EmbeddingTopicConsumer.Config.defaults(kafkaBootstrapServers, version),
                qdrant, consumerGroup(qdrant.config().collection()));
    }

    @Override
    public void caughtUp(VectorIndex index) {
        // Qdrant makes an acknowledged upsert searchable itself.
    }

    @Override
    public String describe(String version, VectorIndex index) {
        var c = ((QdrantVectorIndex) index).config();
        return "Qdrant collection " + c.collection() + " at " + c.url() + " (" + c.dimension() + " dims, shared by the replicas; written by consumer group "
                + consumerGroup(c.collection()) + ")";
    }
}
