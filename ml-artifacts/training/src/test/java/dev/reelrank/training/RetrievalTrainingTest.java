package dev.reelrank.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.RequestContext;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.ModelConfig;
import dev.reelrank.retrievalmodel.ModelMetadata;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalTrainingTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static TrainOptions options(Path data, Path out, String version, String warm, int epochs) {
        return new TrainOptions(data, out, version, warm, 32, epochs, 256, 64, 0.1f, 0.005f, 0.75, 0.1, 5000, 10, 3, 7, null, true);
    }

    @Test
    void examplesUseOnlyTheHistoryBeforeEachPositive(@TempDir Path tmp) throws Exception {
        Dataset d = Dataset.load(TinyWorld.write(tmp.resolve("data"), 3));
        var rule = ExampleBuilder.ruleFor(d, null);
        var ex = new ExampleBuilder(ModelConfig.DEFAULTS, rule, 0.1, 1000, 1, ExampleBuilder.VocabularyLimits.DEFAULTS, v -> v).log(QUIET).build(d);
        // The very first example of the first user has an empty history.
        assertEquals(0, dev.reelrank.retrievalmodel.EncodedUser.used(ex.trainUsers().getFirst().historyWeights()));
        // No example's own video appears in its history with the same (first) positive: the
        // first positive per (user, video) cannot be in the state before it unless it was a skim.
        long leaks = 0;
        for (int i = 0; i < ex.trainSize(); i++) {
            int target = ex.encoder().vocabularies().videos().id(ex.catalog().get(ex.trainVideo()[i]).getVideoId());
            var u = ex.trainUsers().get(i);
            for (int k = 0; k < u.history().length; k++) if (u.historyWeights()[k] >= 0.5f && u.history()[k] == target && target != 0) leaks++;
        }
        assertEquals(0, leaks, "a fully watched video never precedes its own first positive");
        assertTrue(ex.validationSize() > 0 && ex.trainSize() > 5 * ex.validationSize());
        // Skims (10 s of 300) are not positives; full watches are.
        assertTrue(rule.isPositive(dev.reelrank.proto.v1.Action.watch, 270, 300));
        assertTrue(!rule.isPositive(dev.reelrank.proto.v1.Action.watch, 10, 300));
    }

    @Test
    void shortTrainingRunClearlyImprovesRecallAndTheArtifactServesIdentically(@TempDir Path tmp) throws Exception {
        Path data = TinyWorld.write(tmp.resolve("data"), 11);
        Path models = tmp.resolve("models");
        var outcome = RetrievalTraining.run(options(data, models, "tt-tiny-1", null, 6), List.of("test"), QUIET);
        var r = outcome.result();
        double before = r.untrained().get("recall@10"), after = r.best().get("recall@10");
        assertTrue(after > 0.15 && after > 2 * before, "recall@10 untrained " + before + " → trained " + after);
        assertTrue(after > r.popularityBaseline().get("recall@10"), "beats popularity: " + r.popularityBaseline());

        assertEquals("tt-tiny-1", new ArtifactStore(models).latest().orElseThrow());
        ModelMetadata md = ModelMetadata.read(outcome.artifact());
        assertEquals(32, md.config().dimension());
        assertTrue(md.featureDistributions().containsKey("video.duration_bucket"));
        assertTrue(md.featureDistributions().containsKey("user.history_length"));
        assertTrue(md.dataWindow().containsKey("validationFrom"));
        assertTrue(((Map<?, ?>) md.metrics().get("validation")).containsKey("recall@10"));

        // The served model scores same-topic videos above others for a user who watched topic 0.
        try (var model = TwoTowerModel.loadLatest(models)) {
            var catalog = ExampleBuilder.catalog(Dataset.load(data));
            var user = UserFeatures.newBuilder().setUserId("new");
            for (int v = 0; v < 10; v++) {
                user.addRecent(dev.reelrank.proto.v1.HistoryEntry.newBuilder().setVideoId("v" + v)
                        .setAction(dev.reelrank.proto.v1.Action.watch).setWatchRatio(0.9));
            }
            float[] u = model.userEmbedding(user.build(), new RequestContext("mobile", "US", null));
            float[][] vv = model.videoEmbeddings(catalog, Instant.ofEpochMilli(TinyWorld.T0));
            double same = 0, other = 0;
            for (int v = 0; v < vv.length; v++) {
                double s = 0;
                for (int k = 0; k < u.length; k++) s += u[k] * vv[v][k];
                if (v < TinyWorld.VIDEOS_PER_TOPIC) same += s / TinyWorld.VIDEOS_PER_TOPIC;
                else other += s / (vv.length - TinyWorld.VIDEOS_PER_TOPIC);
            }
            assertTrue(same > other + 0.1, "same topic " + same + " vs other " + other);

            // Warm start from it: parameters are carried over exactly before any training step.
            try (var copy = TwoTowerModel.create(model.encoder().config(), model.encoder().vocabularies(), "copy")) {
                RetrievalTraining.copyParameters(model, copy);
                assertArrayEquals(u, copy.userEmbedding(user.build(), new RequestContext("mobile", "US", null)));
            }
        }
        var warm = RetrievalTraining.run(options(data, models, "tt-tiny-2", "tt-tiny-1", 1), List.of("test"), QUIET);
        assertTrue(warm.result().untrained().get("recall@10") > before * 2, "warm start begins where the old model was");
        assertTrue(Files.exists(warm.artifact().resolve("parameters.bin")));
    }
}
