package dev.reelrank.eventlog.embeddings;

import dev.reelrank.model.VectorIndex;
import dev.reelrank.model.VectorIndex.Entry;
import dev.reelrank.model.VectorIndex.Payload;
import dev.reelrank.proto.v1.VideoEmbedding;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What one record of the {@code video-embeddings} topic asks of an index serving one model version. */
public sealed interface EmbeddingChange {
    String videoId();

    record Upsert(String videoId, Entry entry) implements EmbeddingChange {}

    record Delete(String videoId) implements EmbeddingChange {}

    /** Not for this index (another model version) or unusable; {@code reason} says which. */
    record Skip(String videoId, String reason, boolean malformed) implements EmbeddingChange {}

    /**
     * @param modelVersion the version the index serves
     * @param dimension    the vector size it holds, 0 when not known yet
     */
    static EmbeddingChange of(ConsumerRecord<String, byte[]> record, String modelVersion, int dimension) {
        String key = record.key();
        if (record.value() == null) {
            if (key == null || key.isEmpty()) return new Skip(null, "tombstone without a key", true);
            int slash = key.indexOf('/');
            // Keys are <version>/<videoId>: a tombstone retires one version's record. A key without
            // '/' predates versioned keys and still means "this video, every version".
            if (slash < 0) return new Delete(key);
            String id = key.substring(slash + 1);
            return key.substring(0, slash).equals(modelVersion) ? new Delete(id) : new Skip(id, "tombstone of model version " + key.substring(0, slash), false);
        }
        VideoEmbedding e;
        try {
            e = VideoEmbedding.parseFrom(record.value());
        } catch (InvalidProtocolBufferException ex) {
            return new Skip(key, "not a VideoEmbedding: " + ex.getMessage(), true);
        }
        String id = e.getVideoId().isEmpty() ? key : e.getVideoId();
        if (id == null || id.isEmpty()) return new Skip(null, "no video id in key or value", true);
        if (key != null && !key.equals(id) && !key.equals(e.getModelVersion() + "/" + id)) {
            return new Skip(id, "key " + key + " is not " + e.getModelVersion() + "/" + id, true);
        }
        if (!modelVersion.equals(e.getModelVersion())) return new Skip(id, "model version " + e.getModelVersion(), false);
        if (e.getDeleted()) return new Delete(id);
        if (e.getVectorCount() == 0) return new Skip(id, "no vector", true);
        if (dimension > 0 && e.getVectorCount() != dimension)
            return new Skip(id, e.getVectorCount() + "-dim vector, index holds " + dimension, true);
        float[] v = new float[e.getVectorCount()];
        for (int i = 0; i < v.length; i++) v[i] = e.getVector(i);
        Instant published = e.hasPublishedAt()
                ? Instant.ofEpochSecond(e.getPublishedAt().getSeconds(), e.getPublishedAt().getNanos()) : null;
        var payload = new Payload(blankToNull(e.getChannelId()), blankToNull(e.getRegion()), blankToNull(e.getLanguage()),
                blankToNull(e.getCategory()), published);
        return new Upsert(id, new VectorIndex.Entry(id, v, payload));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
