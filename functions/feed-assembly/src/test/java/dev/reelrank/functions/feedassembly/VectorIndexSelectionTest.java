package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.qdrant.QdrantVectorIndex;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reelrank.vector-index.kind → which index a version is opened on, and the Qdrant path's settings. */
class VectorIndexSelectionTest {
    @TempDir
    Path dir;

    private SmallRyeConfig config(Map<String, String> extra) {
        var props = new HashMap<>(Map.of(
                "reelrank.retrieval.model.dir", "m", "reelrank.retrieval.model.djl-cache-dir", "d",
                "reelrank.retrieval.index-dir", dir.toString(), "reelrank.retrieval.kafka-bootstrap-servers", "127.0.0.1:1"));
        props.putAll(extra);
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 250))
                .withMapping(RetrievalSettings.class).withMapping(VectorIndexSettings.class).withValidateUnknown(false).build();
    }

    private VersionIndexes indexes(Map<String, String> extra) {
        var c = config(extra);
        return VersionIndexes.of(c.getConfigMapping(RetrievalSettings.class), c.getConfigMapping(VectorIndexSettings.class));
    }

    @Test
    void unsetKindIsTheEmbeddedIndexAsBefore() {
        var indexes = indexes(Map.of());
        assertInstanceOf(EmbeddedVersionIndexes.class, indexes);
        try (var index = indexes.open("v1", null)) {
            assertInstanceOf(EmbeddedHnswIndex.class, index);
        }
        assertTrue(dir.resolve("v1").toFile().isDirectory(), "the version's index lives at <index-dir>/<version>");
    }

    @Test
    void shippedPropertiesSelectEmbeddedUnlessTheEnvSaysOtherwise() throws IOException {
        var url = getClass().getClassLoader().getResource("application.properties");
        assertNotNull(url);
        var shipped = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(url, 250))
                .withMapping(VectorIndexSettings.class).withValidateUnknown(false).build()
                .getConfigMapping(VectorIndexSettings.class);
        // Holds unless the environment running the test sets REELRANK_VECTOR_INDEX_KIND.
        if (System.getenv("REELRANK_VECTOR_INDEX_KIND") == null) assertEquals(IndexKind.EMBEDDED, IndexKind.parse(shipped.kind()));
        if (System.getenv("QDRANT_API_KEY") == null) assertTrue(shipped.qdrant().apiKey().isEmpty(), "no key unless one is given");
        assertEquals(32, shipped.qdrant().m());
        assertEquals(100, shipped.qdrant().efConstruct());
    }

    @Test
    void qdrantKindBuildsItsClientFromConfigWithoutConnecting() {
        // Nothing listens on port 1: constructing must not need a server.
        var indexes = indexes(Map.of("reelrank.vector-index.kind", "qdrant",
                "reelrank.vector-index.qdrant.url", "https://qdrant.example.invalid:1",
                "reelrank.vector-index.qdrant.api-key", "secret",
                "reelrank.vector-index.qdrant.m", "24",
                "reelrank.vector-index.qdrant.timeout", "750ms",
                "reelrank.retrieval.index-ef-search", "600"));
        var qdrant = assertInstanceOf(QdrantVersionIndexes.class, indexes);
        try (var index = assertInstanceOf(QdrantVectorIndex.class, indexes.open("tt-2", null))) {
            var c = index.config();
            assertEquals("https://qdrant.example.invalid:1", c.url());
            assertEquals("secret", c.apiKey());
            assertEquals("reelrank-videos-tt-2", c.collection());
            assertEquals(64, c.dimension(), "no model loaded: the configured dimension");
            assertEquals(24, c.m());
            assertEquals(100, c.efConstruct());
            assertEquals(600, c.efSearch());
            assertEquals(256, c.upsertBatchSize());
            assertEquals(Duration.ofMillis(750), c.timeout());
            assertEquals("reelrank-vector-index-reelrank-videos-tt-2", qdrant.consumerGroup(c.collection()));
        }
        assertTrue(dir.toFile().list().length == 0, "nothing written to the embedded index dir");
    }

    @Test
    void eachModelVersionGetsItsOwnCollectionAndWriterGroup() {
        var indexes = (QdrantVersionIndexes) indexes(Map.of("reelrank.vector-index.kind", "QDRANT",
                "reelrank.vector-index.qdrant.collection-prefix", "videos-",
                "reelrank.vector-index.qdrant.consumer-group-prefix", "writers-"));
        var a = indexes.config("tt-a", 64);
        var b = indexes.config("tt-b", 32);
        assertEquals("videos-tt-a", a.collection());
        assertEquals("videos-tt-b", b.collection());
        assertEquals(32, b.dimension());
        assertEquals("writers-videos-tt-a", indexes.consumerGroup(a.collection()));
        assertNull(a.apiKey(), "no api key configured");
        assertThrows(IllegalArgumentException.class, () -> indexes.config("../etc", 64), "a version is a safe name");
    }

    @Test
    void anUnknownKindFailsWithTheAcceptedValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> indexes(Map.of("reelrank.vector-index.kind", "pinecone")));
        assertTrue(e.getMessage().contains("reelrank.vector-index.kind"), e.getMessage());
        assertTrue(e.getMessage().contains("REELRANK_VECTOR_INDEX_KIND"), e.getMessage());
        assertTrue(e.getMessage().contains("'pinecone'"), e.getMessage());
        assertTrue(e.getMessage().contains("embedded, qdrant"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IndexKind.parse(""));
        assertEquals(IndexKind.QDRANT, IndexKind.parse(" Qdrant "));
    }
}
