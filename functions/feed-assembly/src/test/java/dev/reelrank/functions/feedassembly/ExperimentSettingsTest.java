package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.BucketAssignment;
import dev.reelrank.model.PostProcessing;
import dev.reelrank.ranking.ScoreCombiner;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Buckets as configured: who is in which, and what each bucket's pipeline is built from. */
class ExperimentSettingsTest {
    private static SmallRyeConfig config(Map<String, String> properties) {
        var url = ExperimentSettingsTest.class.getClassLoader().getResource("application.properties");
        assertNotNull(url, "application.properties on the class path");
        try {
            return new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withSources(new PropertiesConfigSource(url, 250))
                    .withSources(new MapBackedConfigSource("test", properties, 300) {})
                    .withMapping(ExperimentSettings.class).withMapping(FeedSettings.class).withMapping(SourceSettings.class)
                    .withMapping(RankingSettings.class).withValidateUnknown(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FeedVariant configured(SmallRyeConfig c) {
        return FeedVariant.configured(c.getConfigMapping(FeedSettings.class), c.getConfigMapping(SourceSettings.class),
                c.getConfigMapping(RankingSettings.class));
    }

    @Test
    void shippedIsEveryoneInControlAsConfigured() {
        var c = config(Map.of());
        var experiments = c.getConfigMapping(ExperimentSettings.class);
        var variants = experiments.variants(configured(c));
        assertEquals(1, variants.size());
        FeedVariant control = variants.getFirst();
        assertEquals(BucketAssignment.CONTROL, control.bucket());
        assertEquals(PostProcessing.DEFAULTS, control.postProcessing());
        assertEquals(SourcePlan.DEFAULTS, control.sources());
        assertEquals(ScoreCombiner.SERVING_DEFAULT, control.combiner());
        var assignment = experiments.assignment();
        for (int i = 0; i < 1_000; i++) assertEquals(BucketAssignment.CONTROL, assignment.bucketOf("u" + i));
    }

    @Test
    void aBucketChangesOnlyWhatItNames() {
        var p = new HashMap<String, String>();
        p.put("reelrank.experiments.buckets.control.share", "50");
        p.put("reelrank.experiments.buckets.treatment.share", "50");
        p.put("reelrank.experiments.buckets.treatment.mmr-lambda", "0.5");
        p.put("reelrank.experiments.buckets.treatment.channel-spread-penalty", "0.25");
        p.put("reelrank.experiments.buckets.treatment.explore-share", "0.2");
        p.put("reelrank.experiments.buckets.treatment.quotas.ann", "300");
        p.put("reelrank.experiments.buckets.treatment.quotas.trending", "0");
        p.put("reelrank.experiments.buckets.treatment.quotas.popular", "200");
        p.put("reelrank.experiments.buckets.treatment.ranking-weights.click", "2.0");
        p.put("reelrank.experiments.buckets.treatment.ranking-combine", "product");
        p.put("reelrank.experiments.buckets.treatment.ranking-retrieval-window", "50");
        var c = config(p);
        var experiments = c.getConfigMapping(ExperimentSettings.class);
        List<FeedVariant> variants = experiments.variants(configured(c));
        assertEquals(List.of("control", "treatment"), variants.stream().map(FeedVariant::bucket).toList());

        FeedVariant control = variants.get(0), treatment = variants.get(1);
        assertEquals(configured(c).named("control"), control);
        assertNotEquals(control.postProcessing(), treatment.postProcessing());
        assertEquals(new PostProcessing(3, 0.5, 3, 0.25, 1, 0.2, 100, 100), treatment.postProcessing());
        assertEquals(SourcePlan.DEFAULTS.ann().withQuota(300), treatment.sources().ann());
        assertTrue(!treatment.sources().trending().runs());
        assertEquals(SourcePlan.DEFAULTS.fresh(), treatment.sources().fresh());
        assertEquals(200, treatment.sources().popularQuota());
        assertEquals(new ScoreCombiner(Map.of("click", 2.0), ScoreCombiner.Mode.PRODUCT, 50), treatment.combiner());

        var assignment = experiments.assignment();
        int inTreatment = 0;
        for (int i = 0; i < 10_000; i++) if (assignment.bucketOf("u" + i).equals("treatment")) inTreatment++;
        assertEquals(5_000, inTreatment, 300);
    }

    @Test
    void theSaltReshuffles() {
        var p = new HashMap<String, String>();
        p.put("reelrank.experiments.buckets.control.share", "50");
        p.put("reelrank.experiments.buckets.b.share", "50");
        var one = config(p).getConfigMapping(ExperimentSettings.class).assignment();
        p.put("reelrank.experiments.salt", "another");
        var two = config(p).getConfigMapping(ExperimentSettings.class).assignment();
        int moved = 0;
        for (int i = 0; i < 1_000; i++) if (!one.bucketOf("u" + i).equals(two.bucketOf("u" + i))) moved++;
        assertEquals(500, moved, 80);
    }
}
