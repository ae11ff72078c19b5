package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.reelrank.ranking.ScoreCombiner;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The combination application.properties ships is the ranking stage's serving default. */
class RankingSettingsTest {

    @Test
    void shippedCombinationIsTheStagesServingDefault() throws IOException {
        var url = RankingSettingsTest.class.getClassLoader().getResource("application.properties");
        assertNotNull(url, "application.properties on the class path");
        var config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(url, 250))
                .withMapping(RankingSettings.class).withValidateUnknown(false).build();
        assertEquals(ScoreCombiner.SERVING_DEFAULT, config.getConfigMapping(RankingSettings.class).combiner());
    }
}
