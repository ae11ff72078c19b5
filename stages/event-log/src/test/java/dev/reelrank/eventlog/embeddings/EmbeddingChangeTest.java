package dev.reelrank.eventlog.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.VideoEmbedding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EmbeddingChangeTest {
    private static ConsumerRecord<String, byte[]> record(String key, VideoEmbedding value) {
        return new ConsumerRecord<>("video-embeddings", 0, 0L, key, value == null ? null : value.toByteArray());
    }

    private static VideoEmbedding.Builder emb(String id, String version, float... v) {
        var b = VideoEmbedding.newBuilder().setVideoId(id).setModelVersion(version);
        for (float x : v) b.addVector(x);
        return b;
    }

    @Test
    void anEmbeddingOfTheServedVersionIsAnUpsertWithItsPayload() {
        var e = emb("v1", "tt-1", 0.6f, 0.8f).setChannelId("c1").setRegion("US").setLanguage("en").setCategory("music")
                .setPublishedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5_000_000)).build();
        var change = assertInstanceOf(EmbeddingChange.Upsert.class, EmbeddingChange.of(record("v1", e), "tt-1", 2));
        VectorIndex.Entry entry = change.entry();
        assertEquals("v1", entry.videoId());
        assertEquals(0.8f, entry.vector()[1]);
        assertEquals(new VectorIndex.Payload("c1", "US", "en", "music", Instant.ofEpochSecond(1_700_000_000, 5_000_000)), entry.payload());
    }

    @Test
    void deletionsTombstonesOtherVersionsAndBadRecords() {
        assertEquals(new EmbeddingChange.Delete("v1"),
                EmbeddingChange.of(record("v1", emb("v1", "tt-1").setDeleted(true).build()), "tt-1", 0));
        assertEquals(new EmbeddingChange.Delete("v1"), EmbeddingChange.of(record("v1", null), "tt-1", 0));

        var other = assertInstanceOf(EmbeddingChange.Skip.class, EmbeddingChange.of(record("v1", emb("v1", "tt-2", 1, 0).build()), "tt-1", 0));
        assertEquals(false, other.malformed());
        // Another version's deletion must not touch this index either.
        assertInstanceOf(EmbeddingChange.Skip.class, EmbeddingChange.of(record("v1", emb("v1", "tt-2").setDeleted(true).build()), "tt-1", 0));

        assertTrue(((EmbeddingChange.Skip) EmbeddingChange.of(record("v1", emb("v1", "tt-1", 1, 0, 0).build()), "tt-1", 2)).malformed());
        assertTrue(((EmbeddingChange.Skip) EmbeddingChange.of(record("v1", emb("v1", "tt-1").build()), "tt-1", 0)).malformed());
        assertTrue(((EmbeddingChange.Skip) EmbeddingChange.of(record("v2", emb("v1", "tt-1", 1).build()), "tt-1", 0)).malformed());
        var garbage = new ConsumerRecord<String, byte[]>("video-embeddings", 0, 0L, "v1", new byte[] {(byte) 0xff, 1, 2});
        assertTrue(((EmbeddingChange.Skip) EmbeddingChange.of(garbage, "tt-1", 0)).malformed());
    }

    @Test
    void versionedKeysAndTombstonesTouchOnlyTheirVersion() {
        assertEquals("tt-1/v1", EmbeddingPublisher.key("tt-1", "v1"));
        var up = assertInstanceOf(EmbeddingChange.Upsert.class,
                EmbeddingChange.of(record("tt-1/v1", emb("v1", "tt-1", 1, 0).build()), "tt-1", 2));
        assertEquals("v1", up.videoId());
        // A video id may itself hold '/': the version never does, so the first '/' splits the key.
        assertInstanceOf(EmbeddingChange.Upsert.class,
                EmbeddingChange.of(record("tt-1/a/b", emb("a/b", "tt-1", 1, 0).build()), "tt-1", 2));
        assertEquals(new EmbeddingChange.Delete("v1"), EmbeddingChange.of(record("tt-1/v1", null), "tt-1", 0));
        assertEquals(new EmbeddingChange.Delete("a/b"), EmbeddingChange.of(record("tt-1/a/b", null), "tt-1", 0));
        // Retiring tt-2 (its tombstones) must not remove anything from tt-1's index.
        var retired = assertInstanceOf(EmbeddingChange.Skip.class, EmbeddingChange.of(record("tt-2/v1", null), "tt-1", 0));
        assertEquals(false, retired.malformed());
        // A key naming another version than the value is malformed.
        assertTrue(((EmbeddingChange.Skip) EmbeddingChange.of(record("tt-2/v1", emb("v1", "tt-1", 1, 0).build()), "tt-1", 2)).malformed());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> EmbeddingPublisher.key("a/b", "v1"));
    }

    @Test
    void aBatchKeepsTheLastChangePerVideo() {
        var batch = new ChangeBatch();
        batch.add(EmbeddingChange.of(record("a", emb("a", "tt-1", 1, 0).build()), "tt-1", 0));
        batch.add(EmbeddingChange.of(record("b", emb("b", "tt-1", 0, 1).build()), "tt-1", 0));
        batch.add(EmbeddingChange.of(record("a", null), "tt-1", 0));
        batch.add(EmbeddingChange.of(record("c", null), "tt-1", 0));
        batch.add(EmbeddingChange.of(record("c", emb("c", "tt-1", 1, 1).build()), "tt-1", 0));
        batch.add(EmbeddingChange.of(record("b", emb("b", "tt-9", 1, 1).build()), "tt-1", 0));
        assertEquals(List.of("a"), batch.deletes());
        assertEquals(List.of("b", "c"), batch.upserts().stream().map(VectorIndex.Entry::videoId).toList());
        assertEquals(1, batch.skipped());
        assertEquals(0, batch.malformed());

        var calls = new ArrayList<String>();
        batch.applyTo(new VectorIndex() {
            public void upsert(List<Entry> entries) { calls.add("upsert " + entries.size()); }
            public void delete(List<String> ids) { calls.add("delete " + ids); }
            public List<Neighbor> search(float[] q, int k, Filter f) { return List.of(); }
            public long size() { return 0; }
        });
        assertEquals(List.of("delete [a]", "upsert 2"), calls);
    }
}
