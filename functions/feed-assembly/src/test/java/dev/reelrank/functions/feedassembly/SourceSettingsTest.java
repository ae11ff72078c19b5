package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.retrieval.SourcePlan;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function's source plan and retrieval signals are the shared records' defaults, with nothing
 * set but what application.properties ships (no environment, production profile): a default edited
 * on one side only fails here.
 */
class SourceSettingsTest {
    private static SmallRyeConfig config(Map<String, String> properties, boolean withApplicationProperties) {
        var b = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", properties, 300) {})
                .withMapping(SourceSettings.class)
                .withMapping(FeedSettings.class)
                .withMapping(RetrievalSettings.class)
                .withValidateUnknown(false);
        if (withApplicationProperties) {
            var url = SourceSettingsTest.class.getClassLoader().getResource("application.properties");
            assertNotNull(url, "application.properties on the class path");
            try {
                b.withSources(new PropertiesConfigSource(url, 250));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.build();
    }

    private static SourcePlan plan(SmallRyeConfig config) {
        return config.getConfigMapping(SourceSettings.class).toPlan(config.getConfigMapping(FeedSettings.class).popularQuota());
    }

    @Test
    void applicationPropertiesMapToTheSharedDefaults() {
        var config = config(Map.of(), true);
        assertEquals(SourcePlan.DEFAULTS, plan(config));
        assertEquals(RetrievalStoreConfig.defaults(), config.getConfigMapping(RetrievalSettings.class).signals().toConfig());
    }

    /** The mappings' own {@code @WithDefault}s (used where a property is left out) are the same numbers. */
    @Test
    void theMappingsBuiltInDefaultsAreTheSharedDefaults() {
        var d = SourcePlan.DEFAULTS;
        // Only what has no built-in default: the quotas, and retrieval settings the plan does not read.
        var required = new HashMap<String, String>();
        required.put("reelrank.sources.ann.quota", String.valueOf(d.ann().quota()));
        required.put("reelrank.sources.up-next.quota", String.valueOf(d.upNext().quota()));
        required.put("reelrank.sources.subscriptions.quota", String.valueOf(d.subscriptions().quota()));
        required.put("reelrank.sources.trending.quota", String.valueOf(d.trending().quota()));
        required.put("reelrank.sources.fresh.quota", String.valueOf(d.fresh().quota()));
        required.put("reelrank.retrieval.index-dir", "unused");
        required.put("reelrank.retrieval.kafka-bootstrap-servers", "unused");
        required.put("reelrank.retrieval.model.dir", "unused");
        required.put("reelrank.retrieval.model.djl-cache-dir", "unused");
        var config = config(required, false);
        assertEquals(d, plan(config));
        assertEquals(RetrievalStoreConfig.defaults(), config.getConfigMapping(RetrievalSettings.class).signals().toConfig());
    }

    @Test
    void eachPropertyReachesThePlan() {
        var config = config(Map.of("reelrank.sources.ann.quota", "7", "reelrank.sources.trending.enabled", "false",
                "reelrank.feed.popular-quota", "9", "reelrank.sources.fresh-matching.per-list", "3",
                "reelrank.sources.up-next-seed-weight", "0.5", "reelrank.sources.cold-start.trending-quota", "11",
                "reelrank.sources.cold-start.ann-quota", "2"), true);
        var d = SourcePlan.DEFAULTS;
        var f = d.freshMatching();
        assertEquals(new SourcePlan(d.ann().withQuota(7), d.upNext(), d.subscriptions(), new SourcePlan.Source(false, d.trending().quota()),
                d.fresh(), 9, d.overfetchCap(), d.subscriptionsMaxChannels(), d.subscriptionsPerChannel(), 0.5,
                new dev.reelrank.retrieval.FreshContentSource.Config(f.topCategories(), f.topLanguages(), f.historyVideos(), 3,
                        f.categoryWeight(), f.tagWeight(), f.languageWeight(), f.regionWeight()),
                new dev.reelrank.retrieval.ColdStart(true, 2, 11, d.coldStart().fresh())), plan(config));
    }
}
