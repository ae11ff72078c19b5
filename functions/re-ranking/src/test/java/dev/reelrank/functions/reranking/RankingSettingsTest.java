package dev.reelrank.functions.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.reelrank.ranking.HeuristicScorer;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The heuristic re-ranking serves is the one the evaluator scores (the stage's defaults). */
class RankingSettingsTest {

    @Test
    void shippedHeuristicIsTheStagesDefault() throws IOException {
        var url = RankingSettingsTest.class.getClassLoader().getResource("application.properties");
        assertNotNull(url, "application.properties on the class path");
        var config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter()).withProfile("prod")
                .withSources(new PropertiesConfigSource(url, 250))
                .withMapping(RankingSettings.class).withValidateUnknown(false).build();
        assertEquals(HeuristicScorer.Params.DEFAULTS, config.getConfigMapping(RankingSettings.class).heuristic().params());
        var bare = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter()).withMapping(RankingSettings.class)
                .withValidateUnknown(false).build();
        assertEquals(HeuristicScorer.Params.DEFAULTS, bare.getConfigMapping(RankingSettings.class).heuristic().params());
    }
}
