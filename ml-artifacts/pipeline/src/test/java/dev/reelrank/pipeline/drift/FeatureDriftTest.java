package dev.reelrank.pipeline.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.drift.DriftMonitor;
import dev.reelrank.model.ranking.drift.DriftReference;
import dev.reelrank.model.ranking.drift.DriftReport;
import dev.reelrank.model.ranking.drift.FeatureDrift;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.Labels;
import dev.reelrank.pipeline.evaluation.RankingStages;
import dev.reelrank.pipeline.evaluation.Split;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.ranking.RankingFeatures;
import dev.reelrank.rankingmodel.DriftReferences;
import dev.reelrank.rankingmodel.FeatureDistributions;
import dev.reelrank.rankingmodel.FeatureEncoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift test: the reference is the training distribution of one generated world's
 * ranking rows (as the trainer stores it in metadata.json), the live rows come from the same world
 * replayed through the one feature assembly ({@code RankingFeatures} via {@code TrainingExamples}),
 * with another behaviour seed (nothing changed) or with every video 2.5× as long (durations shifted).
 * The monitor must flag the duration-driven features of the second and nothing of the first.
 */
class FeatureDriftTest {
    static final WorldConfig WORLD = WorldConfig.of(500, 150, 15_000, 5).withThreads(2);
    static final DriftMonitor.Settings SETTINGS = new DriftMonitor.Settings(0.2, 500, 1_000_000, 10, 1, 1e-4);

    /** Read from durations or watch seconds (which scale with them): they may move when durations do. */
    static final Set<String> DURATION_DRIVEN = Set.of("video_log_duration", "video_log_watch_seconds", "video_log_watch_per_view",
            "video_watch_ratio_per_view", "w1h_log_watch_per_view", "w24h_log_watch_per_view", "user_log_watched",
            "x_channel_affinity", "x_category_affinity", "x_channel_affinity_share", "x_category_affinity_share");

    static DriftReference reference;

    @BeforeAll
    static void trainOn(@TempDir Path tmp) {
        var train = rows(WORLD, tmp);
        var encoding = FeatureEncoding.fit(RankingFeatures.SCHEMA, train, 2, 100_000);
        reference = DriftReferences.of("mmoe-reference", RankingFeatures.SCHEMA,
                FeatureDistributions.of(RankingFeatures.SCHEMA, encoding, train), encoding, Set.of());
        assertEquals(RankingFeatures.SCHEMA.categorical().size() + RankingFeatures.SCHEMA.numeric().size(), reference.features().size());
    }

    @Test
    void longerVideosAreFlaggedOnTheFeaturesThatReadDurations(@TempDir Path tmp) {
        DriftReport r = stream(WORLD.withBehaviourSeed(6).withDurationScale(2.5), tmp);
        assertEquals(Set.of("video_log_duration", "video_log_watch_per_view", "video_watch_ratio_per_view"), flagged(r), table(r));
        for (FeatureDrift f : r.features()) {
            if (!DURATION_DRIVEN.contains(f.name())) assertTrue(f.psi() < 0.1, f + "\n" + table(r));
        }
    }

    @Test
    void anotherSampleOfTheSameWorldIsFlaggedOnNothing(@TempDir Path tmp) {
        DriftReport r = stream(WORLD.withBehaviourSeed(6), tmp);
        assertEquals(Set.of(), flagged(r), table(r));
        for (FeatureDrift f : r.features()) {
            assertTrue(f.psi() < 0.2, f.toString());
            if (f.unknownShare() != null) assertTrue(f.unknownShare() < 0.05, f + ": the same catalogue and users");
        }
    }

    static DriftReport stream(WorldConfig live, Path dir) {
        var m = new DriftMonitor(reference, SETTINGS, DriftMonitor.Listener.NONE);
        List<FeatureRow> rows = rows(live, dir);
        // As served: one scored request after another (a slate's worth of rows each).
        for (int i = 0; i < rows.size(); i += 10) m.offer(rows.subList(i, Math.min(rows.size(), i + 10)));
        DriftReport r = m.report();
        assertEquals(rows.size(), r.windowRows());
        assertTrue(r.windowRows() >= SETTINGS.minRows());
        return r;
    }

    static List<FeatureRow> rows(WorldConfig config, Path dir) {
        new WorldGenerator(config, BehaviourModel.DEFAULTS, false).generate(dir, "drift-test");
        Dataset d = Dataset.load(dir);
        var out = new ArrayList<FeatureRow>();
        RankingStages.replay(new TrainingData(d, Split.byTime(d, 0.2), new Labels(0.5)), true, e -> out.add(e.features()));
        return out;
    }

    static Set<String> flagged(DriftReport r) {
        return r.features().stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).collect(Collectors.toCollection(TreeSet::new));
    }

    static String table(DriftReport r) {
        return r.features().stream().map(f -> String.format("%-36s %.4f %s", f.name(), f.psi(), f.drifted() ? "DRIFT" : ""))
                .collect(Collectors.joining("\n"));
    }
}
