package dev.reelrank.rankingmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.TrainingExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small training run on planted-signal data, shared by every test here (it costs a few seconds). */
class MmoeModelTest {
    @TempDir
    static Path root;
    static List<TrainingExample> examples;
    static MmoeTrainer.Result result;
    static Path saved;
    static String trainingLog;

    @BeforeAll
    static void train() throws Exception {
        examples = Synthetic.examples(20_000, 11);
        var bytes = new ByteArrayOutputStream();
        long t = System.nanoTime();
        result = new MmoeTrainer(Synthetic.config(), new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .train("mmoe-test-1", Synthetic.SCHEMA, examples);
        trainingLog = bytes.toString(StandardCharsets.UTF_8);
        System.err.printf("trained in %.1f s: %s%n", (System.nanoTime() - t) / 1e9, result.validation());
        saved = result.model().save(root);
        new RankingArtifacts(root).setLatest("mmoe-test-1");
    }

    @AfterAll
    static void close() {
        if (result != null) result.model().close();
    }

    @Test
    void learnsThePlantedSignal() {
        Map<String, Double> v = result.validation();
        assertTrue(v.get("clickAuc") > 0.75, "validation click AUC " + v);
        assertTrue(result.untrained().get("clickAuc") < 0.65, "untrained AUC should be near chance: " + result.untrained());
        Map<?, ?> baseline = (Map<?, ?>) result.model().metadata().metrics().get("constantBaseline");
        assertTrue(v.get("clickLogLoss") < (Double) baseline.get("clickLogLoss"), "beats the constant click rate: " + v + " vs " + baseline);
        assertTrue(v.get("watchRatioMae") < 0.2, "watch ratio error " + v);
        assertTrue(result.bestEpoch() >= 1);
        assertTrue(trainingLog.contains("ETA"), "progress with ETA is reported");
    }

    @Test
    void predictionsFollowTheSignal() {
        var model = result.model();
        // Segment 1 likes categories 2 and 3; a fresh, short video of category 2 beats a stale, long one of category 6.
        float[][] p = model.predict(List.of(
                new FeatureRow(new String[] {"s1", "c2", "v1"}, new float[] {0.9f, 3.2f, 0f}),
                new FeatureRow(new String[] {"s1", "c6", "v1"}, new float[] {0.1f, 5.8f, 0f})));
        assertTrue(p[0][0] > p[1][0], "click: " + p[0][0] + " vs " + p[1][0]);
        assertTrue(p[0][1] > p[1][1], "watch: " + p[0][1] + " vs " + p[1][1]);
        for (float[] row : p) {
            assertTrue(row[0] > 0 && row[0] < 1);
            assertTrue(row[1] >= 0 && row[1] <= model.metadata().watchRatioCap());
        }
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions() throws Exception {
        assertEquals(root.resolve("mmoe/mmoe-test-1"), saved);
        for (String f : List.of("parameters.bin", "metadata.json", "numeric-stats.json", "vocab/00-user_segment.txt", "vocab/02-video_id.txt")) {
            assertTrue(Files.exists(saved.resolve(f)), f);
        }
        List<FeatureRow> rows = Synthetic.rows(examples.subList(0, 300));
        float[][] before = result.model().predict(rows);
        try (var loaded = MmoeModel.loadLatest(root)) {
            assertEquals("mmoe-test-1", loaded.version());
            assertEquals(Synthetic.SCHEMA, loaded.schema());
            assertEquals(List.of("click", "watch_ratio"), loaded.objectives());
            float[][] after = loaded.predict(rows);
            for (int i = 0; i < rows.size(); i++) assertArrayEquals(before[i], after[i], "row " + i);
        }
    }

    @Test
    void paddingDoesNotChangeScores() throws Exception {
        List<FeatureRow> rows = Synthetic.rows(examples.subList(100, 137));   // 37 rows
        try (var exact = MmoeModel.load(saved, List.of(1));                  // one row per forward pass, no padding
             var padded = MmoeModel.load(saved, List.of(16, 64));             // 37 → 64
             var split = MmoeModel.load(saved, List.of(4, 16))) {             // 16 + 16 + 5 (padded to 16)
            assertEquals(64, padded.paddedSize(37));
            float[][] a = exact.predict(rows), b = padded.predict(rows), c = split.predict(rows);
            for (int i = 0; i < rows.size(); i++) {
                assertArrayEquals(a[i], b[i], 1e-6f, "row " + i);
                assertArrayEquals(a[i], c[i], 1e-6f, "row " + i);
            }
        }
    }

    @Test
    void aBatchScoresExactlyLikeItsRows() throws Exception {
        List<FeatureRow> rows = new ArrayList<>(Synthetic.rows(examples.subList(200, 537)));   // 337 rows, repeated values
        rows.add(new FeatureRow(new String[] {"", null, "never-seen"}, new float[] {Float.NaN, 1e9f, -1e9f}));
        var batch = dev.reelrank.model.ranking.FeatureBatch.copyOf(Synthetic.SCHEMA, rows);
        try (var split = MmoeModel.load(saved, List.of(16, 64, 128))) {               // 338 = 128 + 128 + 82 (padded to 128)
            for (var model : List.of(result.model(), split)) {
                float[][] want = model.predict(rows), got = model.predict(batch);
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], "row " + i);  // exact, not within a tolerance
            }
        }
        var wrong = dev.reelrank.model.ranking.FeatureBatch.of(new FeatureSchema(List.of("a"), List.of("x")), 1);
        assertThrows(IllegalArgumentException.class, () -> result.model().predict(wrong));
    }

    @Test
    void warmUpRunsEveryPaddedSize() throws Exception {
        try (var model = MmoeModel.load(saved, List.of(8, 32, 128))) {
            assertFalse(model.warmedUp());
            var took = model.warmUp();
            assertEquals(List.of(8, 32, 128), List.copyOf(took.keySet()));
            assertTrue(model.warmedUp());
            assertEquals(0, model.predict(List.of()).length);
        }
    }

    @Test
    void concurrentCallersGetTheSameScores() throws Exception {
        List<FeatureRow> rows = Synthetic.rows(examples.subList(0, 500));
        try (var model = MmoeModel.load(saved)) {
            model.warmUp();
            float[][] want = model.predict(rows);
            var pool = Executors.newFixedThreadPool(4);
            try {
                var futures = new ArrayList<Future<float[][]>>();
                for (int t = 0; t < 16; t++) {
                    int from = t * 25;
                    // Different requests at once: the same 500, and slices of other sizes.
                    Callable<float[][]> job = t % 2 == 0 ? () -> model.predict(rows) : () -> model.predict(rows.subList(from, from + 100));
                    futures.add(pool.submit(job));
                }
                for (int t = 0; t < futures.size(); t++) {
                    float[][] got = futures.get(t).get();
                    int offset = t % 2 == 0 ? 0 : t * 25;
                    for (int i = 0; i < got.length; i++) assertArrayEquals(want[offset + i], got[i], 1e-6f, "task " + t + " row " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void rowsThatDoNotMatchTheSchemaAreRefused() {
        var model = result.model();
        var wrong = new FeatureRow(new String[] {"s1", "c2"}, new float[] {0.5f, 4f, 0f});
        var e = assertThrows(IllegalArgumentException.class, () -> model.predict(List.of(wrong)));
        assertTrue(e.getMessage().contains("feature row 0") && e.getMessage().contains("3 categorical [user_segment, video_category, video_id]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.predict(List.of(new FeatureRow(new String[3], null))));

        var other = new FeatureSchema(List.of("user_segment", "video_category", "channel"), Synthetic.SCHEMA.numeric());
        var s = assertThrows(IllegalStateException.class, () -> model.requireSchema(other));
        assertTrue(s.getMessage().contains("lack [video_id] and add [channel]"), s.getMessage());
        model.requireSchema(Synthetic.SCHEMA);
    }

    @Test
    void unknownAndMissingValuesStillScore() {
        float[][] p = result.model().predict(List.of(
                new FeatureRow(new String[] {"never-seen", "", null}, new float[] {Float.NaN, 4f, Float.POSITIVE_INFINITY})));
        assertTrue(Float.isFinite(p[0][0]) && Float.isFinite(p[0][1]));
    }

    @Test
    void metadataDescribesTheRunAndEveryFeatureDistribution() throws Exception {
        MmoeMetadata md = MmoeMetadata.read(saved);
        assertEquals(MmoeMetadata.FORMAT, md.format());
        assertEquals(Synthetic.SCHEMA, md.schema());
        assertEquals(Synthetic.config(), md.config());
        assertEquals(18_000, md.data().get("trainingRows"));
        assertEquals(2_000, md.data().get("validationRows"));
        assertNotNull(((Map<?, ?>) md.metrics().get("validation")).get("clickAuc"));
        assertNotNull(md.files().get("parameters.bin"));
        for (String f : List.of("user_segment", "video_category", "video_id", "freshness", "log_duration", "noise")) {
            assertTrue(md.featureDistributions().containsKey(f), f);
        }
        Map<?, ?> category = (Map<?, ?>) md.featureDistributions().get("video_category");
        assertEquals("categorical", category.get("kind"));
        assertEquals(8, ((Map<?, ?>) category.get("top")).size());
        assertEquals(0.0, category.get("oovShare"));
        Map<?, ?> freshness = (Map<?, ?>) md.featureDistributions().get("freshness");
        assertEquals(11, ((List<?>) freshness.get("binEdges")).size());
        List<?> shares = (List<?>) freshness.get("binShares");
        assertEquals(10, shares.size());
        double sum = 0;
        for (Object x : shares) sum += ((Number) x).doubleValue();
        assertEquals(1.0, sum, 1e-4);
        assertNotNull(md.labelDistributions().get("clickRate"));
    }

    @Test
    void editedArtifactIsRefused() throws Exception {
        Path copy = root.resolve("mmoe/mmoe-edited");
        try (var s = Files.walk(saved)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(saved.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
            }
        }
        Files.writeString(copy.resolve("vocab/00-user_segment.txt"), "s9\n");
        var e = assertThrows(java.io.IOException.class, () -> MmoeModel.load(copy));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }
}
