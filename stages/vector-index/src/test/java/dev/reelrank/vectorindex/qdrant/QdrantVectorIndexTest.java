package dev.reelrank.vectorindex.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What needs no server: construction, and the size a writer checks incoming vectors against. */
class QdrantVectorIndexTest {
    private static QdrantConfig config(String url) {
        return new QdrantConfig(url, "key", "reelrank-videos-v1", 48, 16, 100, 100, 8, Duration.ofMillis(200));
    }

    @Test
    void constructionDoesNotConnect() {
        // Nothing listens on port 1; the channel connects on the first call only.
        try (var index = new QdrantVectorIndex(config("https://127.0.0.1:1"))) {
            assertEquals(OptionalInt.of(48), index.dimension());
            assertEquals("reelrank-videos-v1", index.config().collection());
        }
    }

    @Test
    void theSchemeDecidesTls() {
        assertEquals(new QdrantConfig.Endpoint("q.example", 6334, true), QdrantConfig.endpoint("https://q.example"));
        assertEquals(new QdrantConfig.Endpoint("q.example", 7000, false), QdrantConfig.endpoint("http://q.example:7000"));
        assertThrows(IllegalArgumentException.class, () -> config(""));
    }
}
