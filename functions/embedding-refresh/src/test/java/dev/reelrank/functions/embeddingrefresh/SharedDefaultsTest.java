package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.UserFeatureUpdater;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The defaults application.properties ships (production profile, no environment) are the shared
 * records' constants, which the offline pipeline, training and the streaming job use: a default
 * edited on one side only fails here.
 */
class SharedDefaultsTest {
    private static SmallRyeConfig applicationProperties() throws IOException {
        var url = SharedDefaultsTest.class.getClassLoader().getResource("application.properties");
        assertNotNull(url, "application.properties on the class path");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(url, 250))
                .withMapping(RefreshSettings.class)
                .withMapping(SignalSettings.class)
                .withValidateUnknown(false)
                .build();
    }

    @Test
    void theFoldIsUserFeatureUpdaterDefaults() throws IOException {
        var settings = applicationProperties().getConfigMapping(RefreshSettings.class);
        assertEquals(UserFeatureUpdater.DEFAULTS, settings.toUpdater(EngagementWeights.DEFAULTS));
        // The weights are no property: every writer of popularity and affinity (this function, the
        // streaming job, the offline pipeline) reads the one constant.
        assertEquals(EngagementWeights.DEFAULTS, UserFeatureUpdater.DEFAULTS.weights());
    }

    @Test
    void theRetrievalSignalsAreRetrievalStoreConfigDefaults() throws IOException {
        assertEquals(RetrievalStoreConfig.defaults(), applicationProperties().getConfigMapping(SignalSettings.class).toConfig());
    }
}
