package dev.reelrank.functions.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.ranking.HeuristicScorer;
import dev.reelrank.ranking.ModelScorer;
import dev.reelrank.ranking.RankingFeatures;
import dev.reelrank.rankingmodel.MmoeModel;
import dev.reelrank.rankingmodel.RankingArtifacts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-ranking side of drift monitoring without a server: the shipped settings, a real (tiny)
 * MMoE version's reference, rows reaching the served version's window only, the meters per version.
 */
class DriftServiceTest {
    static DriftSettings settings(Map<String, String> overrides) throws Exception {
        var url = DriftServiceTest.class.getClassLoader().getResource("application.properties");
        assertNotNull(url);
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withConverter(Duration.class, 200, new DurationConverter())
                .withProfile("prod").withSources(new PropertiesConfigSource(url, 250))
                .withSources(new PropertiesConfigSource(overrides, "test", 300))
                .withMapping(DriftSettings.class).withValidateUnknown(false).build().getConfigMapping(DriftSettings.class);
    }

    @Test
    void shippedSettings() throws Exception {
        var s = settings(Map.of());
        assertTrue(s.enabled());
        assertEquals(0.2, s.threshold());
        assertEquals(10_000, s.minRows());
        assertEquals(50_000, s.window());
        assertEquals(10, s.windowSlots());
        assertEquals(10, s.sampleEvery());
        assertEquals(4, s.queue());
        assertEquals(List.of("log_position"), s.exclude());
    }

    @Test
    void monitorsTheServedVersionAndMovesItsMetersOnASwitch(@TempDir Path root) throws Exception {
        TinyModels.train(root, "mmoe-drift-a", 1);
        var registry = new SimpleMeterRegistry();
        var drift = new DriftService(settings(Map.of("reelrank.drift.sample-every", "1", "reelrank.drift.min-rows", "10")), registry);
        try (MmoeModel model = MmoeModel.load(new RankingArtifacts(root).versionDir("mmoe-drift-a"))) {
            var scorer = new ModelScorer(model, 120, drift.observerFor(model.version()));
            drift.serve(scorer);
            var report = drift.report();
            assertEquals("mmoe-drift-a", report.modelVersion());
            int monitored = RankingFeatures.SCHEMA.categorical().size() + RankingFeatures.SCHEMA.numeric().size() - 1;
            assertEquals(monitored, report.features().size(), "every feature but the excluded log_position");
            assertEquals(0, report.windowRows());

            var videos = new ArrayList<VideoFeatures>();
            for (int i = 0; i < 40; i++) videos.add(VideoFeatures.newBuilder().setVideoId("v" + i).setDurationSeconds(60 + i).build());
            var context = RankContext.newBuilder().setSurface(Surface.home).setRegion("US").setDevice("web").build();
            scorer.score(UserFeatures.newBuilder().setUserId("u1").build(), videos, context);
            drift.awaitCounted();
            report = drift.report();
            assertEquals(40, report.windowRows());
            var region = report.features().stream().filter(f -> f.name().equals("region")).findFirst().orElseThrow();
            // The tiny model was trained on values "c0".."c4": "US" is unknown to it.
            assertEquals(1.0, region.unknownShare());
            assertTrue(region.drifted(), region.toString());
            assertNotNull(registry.find("reelrank.drift.psi").tags("model_version", "mmoe-drift-a", "feature", "region").gauge());
            assertEquals(1.0, registry.get("reelrank.drift.unknown.share").tags("model_version", "mmoe-drift-a", "feature", "region")
                    .gauge().value());
            assertNull(registry.find("reelrank.drift.unknown.share").tags("feature", "video_log_duration").gauge(), "numeric: no unknowns");
            assertEquals(40, registry.get("reelrank.drift.rows").tags("model_version", "mmoe-drift-a").functionCounter().count());

            // Rows of another version (a call still finishing after a switch) do not count.
            drift.observerFor("mmoe-other").accept(List.of(new FeatureRow(new String[0], new float[0])));
            drift.awaitCounted();
            assertEquals(40, drift.report().windowRows());

            drift.clear();
            assertEquals(0, drift.report().windowRows());

            drift.serve(new HeuristicScorer(HeuristicScorer.Params.DEFAULTS));
            assertEquals(HeuristicScorer.MODEL_VERSION, drift.report().modelVersion());
            assertTrue(drift.report().features().isEmpty());
            assertFalse(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("reelrank.drift")),
                    "the old version's meters are gone");
        }
    }

    @Test
    void offMeansNothingMonitored(@TempDir Path root) throws Exception {
        TinyModels.train(root, "mmoe-drift-off", 2);
        var registry = new SimpleMeterRegistry();
        var drift = new DriftService(settings(Map.of("reelrank.drift.enabled", "false")), registry);
        try (MmoeModel model = MmoeModel.load(new RankingArtifacts(root).versionDir("mmoe-drift-off"))) {
            drift.serve(new ModelScorer(model, 120, drift.observerFor(model.version())));
            assertEquals("mmoe-drift-off", drift.report().modelVersion());
            assertTrue(drift.report().features().isEmpty());
            assertTrue(registry.getMeters().isEmpty());
        }
    }
}
