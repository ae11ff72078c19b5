package dev.reelrank.eventlog.embeddings;

import dev.reelrank.eventlog.DurableProducer;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.proto.v1.VideoEmbedding;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes {@link VideoEmbedding}s to the compacted {@code video-embeddings} topic, keyed by
 * {@code <model version>/<video id>} ({@link #key}): compaction keeps the latest record per video
 * AND version, so a version stays complete on the topic beside the next one until it is retired
 * with {@link #publishTombstone(String, String)} per video. acks=all and idempotent: a future completes only when the broker
 * has the record, and retries never duplicate or reorder a video's versions.
 */
public final class EmbeddingPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EmbeddingPublisher(String bootstrapServers) {
        this(bootstrapServers, Topics.VIDEO_EMBEDDINGS, Map.of());
    }

    /** @param overrides any producer setting (linger.ms, batch.size, ...); durability settings win */
    public EmbeddingPublisher(String bootstrapServers, String topic, Map<String, Object> overrides) {
        this.topic = topic;
        this.producer = DurableProducer.create(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "reelrank-embedding-publisher",
                // Bulk publishing of a whole model version: batch generously.
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000), overrides);
    }

    public CompletableFuture<RecordMetadata> publish(VideoEmbedding e) {
        if (e.getVideoId().isEmpty()) return CompletableFuture.failedFuture(new IllegalArgumentException("video_id is required"));
        if (e.getModelVersion().isEmpty()) return CompletableFuture.failedFuture(new IllegalArgumentException("model_version is required (video " + e.getVideoId() + ")"));
        if (!e.getDeleted() && e.getVectorCount() == 0)
            return CompletableFuture.failedFuture(new IllegalArgumentException("vector is required unless deleted (video " + e.getVideoId() + ")"));
        return send(new ProducerRecord<>(topic, key(e.getModelVersion(), e.getVideoId()), e.toByteArray()));
    }

    /** A video's vector of one model version, with the metadata the index filters on. */
    public static VideoEmbedding embedding(dev.reelrank.proto.v1.VideoFeatures v, float[] vector, String version) {
        var b = VideoEmbedding.newBuilder().setVideoId(v.getVideoId()).setModelVersion(version)
                .setChannelId(v.getChannelId()).setRegion(v.getRegion()).setLanguage(v.getLanguage()).setCategory(v.getCategory());
        for (float x : vector) b.addVector(x);
        if (v.hasPublishedAt()) b.setPublishedAt(v.getPublishedAt());
        return b.build();
    }

    /**
     * The record key of a video's embedding in one model version. Versions never contain '/'
     * ({@code ArtifactStore.checkVersion}), so the first '/' splits it unambiguously even when a
     * video id holds one.
     */
    public static String key(String modelVersion, String videoId) {
        if (modelVersion.indexOf('/') >= 0) throw new IllegalArgumentException("model version must not contain '/': " + modelVersion);
        return modelVersion + "/" + videoId;
    }

    /** Removes one model version's vector of a video (other versions' indexes ignore it). */
    public CompletableFuture<RecordMetadata> publishDeletion(String videoId, String modelVersion) {
        return publish(VideoEmbedding.newBuilder().setVideoId(videoId).setModelVersion(modelVersion).setDeleted(true).build());
    }

    /** A null tombstone: removes the video from that version's index, and compaction drops the key (retiring a version). */
    public CompletableFuture<RecordMetadata> publishTombstone(String videoId, String modelVersion) {
        return send(new ProducerRecord<>(topic, key(modelVersion, videoId), null));
    }

    /** Waits until every record sent so far is acknowledged (or failed). */
    public void flush() {
        producer.flush();
    }

    /** All or failure: completes when every embedding is acknowledged. */
    public CompletableFuture<List<RecordMetadata>> publishAll(List<VideoEmbedding> embeddings) {
        return DurableProducer.sendAll(embeddings, this::publish);
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return DurableProducer.send(producer, record);
    }

    @Override
    public void close() {
        producer.close();
    }
}
