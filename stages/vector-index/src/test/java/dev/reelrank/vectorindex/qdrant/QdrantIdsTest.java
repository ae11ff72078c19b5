package dev.reelrank.vectorindex.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reelrank.model.VectorIndex.Entry;
import dev.reelrank.model.VectorIndex.Payload;
import java.time.Instant;
import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QdrantIdsTest {
    @Test
    void videoIdsMapToStableDistinctUuids() {
        // Pinned: a change would orphan every point already stored in Qdrant.
        assertEquals(UUID.nameUUIDFromBytes("reelrank:video:v-123".getBytes(java.nio.charset.StandardCharsets.UTF_8)), QdrantIds.uuidOf("v-123"));
        assertEquals(QdrantIds.uuidOf("v-123"), QdrantIds.uuidOf("v-123"));
        assertNotEquals(QdrantIds.uuidOf("v-123"), QdrantIds.uuidOf("v-124"));
        assertEquals(3, QdrantIds.uuidOf("v-123").version());
        assertEquals(QdrantIds.uuidOf("v-123").toString(), QdrantIds.pointIdOf("v-123").getUuid());
        var seen = new HashSet<UUID>();
        for (int i = 0; i < 10_000; i++) seen.add(QdrantIds.uuidOf("video-" + i));
        assertEquals(10_000, seen.size());
        assertThrows(IllegalArgumentException.class, () -> QdrantIds.uuidOf(""));
    }

    @Test
    void payloadKeepsTheVideoIdAndFilterableFields() {
        var p = QdrantPayloads.of(new Entry("v-1", new float[] {1, 0},
                new Payload("ch-1", "US", "en", null, Instant.ofEpochMilli(1234))));
        assertEquals("v-1", p.get("video_id").getStringValue());
        assertEquals("ch-1", p.get("channel_id").getStringValue());
        assertEquals("US", p.get("region").getStringValue());
        assertEquals("en", p.get("language").getStringValue());
        assertEquals(false, p.containsKey("category"));
        assertEquals(1234, p.get("published_at").getIntegerValue());
    }

    @Test
    void endpointParsing() {
        assertEquals(new QdrantConfig.Endpoint("127.0.0.1", 6334, false), QdrantConfig.endpoint("http://127.0.0.1:6334"));
        assertEquals(new QdrantConfig.Endpoint("qdrant.example", 6334, true), QdrantConfig.endpoint("https://qdrant.example"));
        assertEquals(new QdrantConfig.Endpoint("localhost", 7000, false), QdrantConfig.endpoint("localhost:7000"));
        assertThrows(IllegalArgumentException.class, () -> QdrantConfig.endpoint(""));
        assertEquals("reelrank-videos-tt-3", QdrantConfig.defaults("http://h:6334", "tt-3", 64).collection());
    }
}
