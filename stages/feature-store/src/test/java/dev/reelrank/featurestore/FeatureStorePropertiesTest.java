package dev.reelrank.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The functions bind {@code reelrank.feature-store.*} with a mapping that only extends {@link FeatureStoreProperties}. */
class FeatureStorePropertiesTest {
    @ConfigMapping(prefix = "reelrank.feature-store")
    interface Mapped extends FeatureStoreProperties {}

    private static FeatureStoreConfig bind(Map<String, String> properties) {
        var config = new SmallRyeConfigBuilder()
                .withSources(new MapBackedConfigSource("test", properties) {})
                .withMapping(Mapped.class)
                .build();
        return config.getConfigMapping(Mapped.class).toConfig();
    }

    @Test
    void unsetPropertiesKeepTheLibraryDefaults() {
        assertEquals(FeatureStoreConfig.defaults(), bind(Map.of()));
    }

    @Test
    void eachPropertyOverridesItsField() {
        // ISO-8601 durations: the short form (250ms) is Quarkus's converter, not plain SmallRye's.
        var config = bind(Map.ofEntries(
                Map.entry("reelrank.feature-store.redis-timeout", "PT0.25S"),
                Map.entry("reelrank.feature-store.user-ttl", "PT2H"),
                Map.entry("reelrank.feature-store.video-ttl", "PT30M"),
                Map.entry("reelrank.feature-store.local-video-cache-size", "0"),
                Map.entry("reelrank.feature-store.local-video-fresh-for", "PT0.5S"),
                Map.entry("reelrank.feature-store.history-limit", "7"),
                Map.entry("reelrank.feature-store.stream-stats", "false"),
                Map.entry("reelrank.feature-store.cassandra-read-max-queued", "64"),
                Map.entry("reelrank.feature-store.cassandra-read-max-wait", "PT0.1S"),
                Map.entry("reelrank.feature-store.miss-read-budget", "PT0.02S"),
                Map.entry("reelrank.feature-store.redis-recovery-window", "PT5S")));
        assertEquals(new FeatureStoreConfig(Duration.ofMillis(250), Duration.ofHours(2), Duration.ofMinutes(30), 0,
                Duration.ofMillis(500), 7, false, 64, Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofSeconds(5)), config);
    }
}
