package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.reelrank.vectorindex.lucene.HnswConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The index search settings the function ships, and its defaults, are the vector index's own
 * ({@link HnswConfig#DEFAULT}), which the evaluator uses: both search alike unless told otherwise.
 */
class RetrievalSettingsTest {

    private static RetrievalSettings settings(PropertiesConfigSource source) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(source)
                .withMapping(RetrievalSettings.class).withValidateUnknown(false).build();
        return config.getConfigMapping(RetrievalSettings.class);
    }

    @Test
    void shippedIndexSearchSettingsAreTheIndexDefaults() throws IOException {
        var url = RetrievalSettingsTest.class.getClassLoader().getResource("application.properties");
        assertNotNull(url, "application.properties on the class path");
        var shipped = settings(new PropertiesConfigSource(url, 250));
        assertEquals(HnswConfig.DEFAULT.efSearch(), shipped.indexEfSearch());
        assertEquals(HnswConfig.DEFAULT.exactScanMaxVectors(), shipped.indexExactScanMaxVectors());
    }

    @Test
    void unsetIndexSearchSettingsDefaultToTheIndexDefaults() {
        var unset = settings(new PropertiesConfigSource(Map.of(
                "reelrank.retrieval.model.dir", "m", "reelrank.retrieval.model.djl-cache-dir", "d",
                "reelrank.retrieval.index-dir", "i", "reelrank.retrieval.kafka-bootstrap-servers", "k:9092"), "test", 250));
        assertEquals(HnswConfig.DEFAULT.efSearch(), unset.indexEfSearch());
        assertEquals(HnswConfig.DEFAULT.exactScanMaxVectors(), unset.indexExactScanMaxVectors());
    }

    @Test
    void theIndexBufferFitsTheFunctionsHeapUnlikeTheLibraryDefault() throws IOException {
        var url = RetrievalSettingsTest.class.getClassLoader().getResource("application.properties");
        var shipped = settings(new PropertiesConfigSource(url, 250));
        assertEquals(32, shipped.indexRamBufferMb());
        // scripts/local runs feed-assembly with -Xmx256m: a buffer that size would fill the heap.
        assertEquals(256, HnswConfig.DEFAULT.ramBufferMb());
    }
}
