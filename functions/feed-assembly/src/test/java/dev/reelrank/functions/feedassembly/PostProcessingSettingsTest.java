package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.reelrank.model.ImpressionFatigue;
import dev.reelrank.model.PostProcessing;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The served post-processing is shared-model's defaults, from application.properties and from the mapping's own defaults alike. */
class PostProcessingSettingsTest {
    private static PostProcessing read(Map<String, String> properties, boolean withApplicationProperties) {
        var b = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", properties, 300) {})
                .withMapping(FeedSettings.class)
                .withValidateUnknown(false);
        if (withApplicationProperties) {
            var url = PostProcessingSettingsTest.class.getClassLoader().getResource("application.properties");
            assertNotNull(url);
            try {
                b.withSources(new PropertiesConfigSource(url, 250));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SmallRyeConfig config = b.build();
        return config.getConfigMapping(FeedSettings.class).postProcessing();
    }

    @Test
    void bothDefaultsAreTheSharedOnes() {
        assertEquals(PostProcessing.DEFAULTS, read(Map.of(), true));
        assertEquals(PostProcessing.DEFAULTS, read(Map.of(), false));
    }

    @Test
    void eachPropertyReachesIt() {
        var got = read(Map.of("reelrank.feed.mmr-lambda", "1", "reelrank.feed.mmr-window-factor", "5",
                "reelrank.feed.channel-spread-penalty", "0.3", "reelrank.feed.channel-spread-gap", "2", "reelrank.feed.explore-share", "0",
                "reelrank.feed.explore-max-impressions", "7", "reelrank.feed.explore-pool", "9", "reelrank.feed.max-per-channel", "2",
                "reelrank.feed.fatigue-impressions", "5", "reelrank.feed.fatigue-window", "36h"), true);
        assertEquals(new PostProcessing(2, 1, 5, 0.3, 2, 0, 7, 9,
                new ImpressionFatigue(5, Duration.ofHours(36), ImpressionFatigue.DEFAULTS.limit())), got);
    }
}
