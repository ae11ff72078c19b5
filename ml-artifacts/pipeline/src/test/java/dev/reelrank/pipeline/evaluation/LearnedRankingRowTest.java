package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.ranking.RankingFeatures;
import dev.reelrank.rankingmodel.MmoeConfig;
import dev.reelrank.rankingmodel.MmoeTrainer;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --ranking-model}: a model trained on the evaluator's training rows joins the ranker rows. */
class LearnedRankingRowTest {
    @Test
    void aTrainedModelIsScoredOnTheSameSlatesAsTheBaselines(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("world");
        new WorldGenerator(WorldConfig.of(500, 150, 15_000, 5), BehaviourModel.DEFAULTS, false).generate(data, "ranking-row-test");
        Dataset d = Dataset.load(data);
        var train = new TrainingData(d, Split.byTime(d, 0.2), new Labels(0.5));
        var examples = new ArrayList<TrainingExample>();
        RankingStages.replay(train, true, examples::add);
        var quiet = new PrintStream(OutputStream.nullOutputStream());
        var config = MmoeConfig.builder().epochs(1).experts(2).embeddingDim(4).expertHidden(16).towerHidden(8).minCount(2).build();
        var result = new MmoeTrainer(config, quiet).train("mmoe-row-test", RankingFeatures.SCHEMA, examples);
        try (var model = result.model()) {
            model.save(tmp.resolve("models"));
        }

        var o = new EvaluationCommand.Options(data, "time", 0.2, 5, 42, 0.5, 0, tmp.resolve("out"), 2, true, 24, 50, 200, 20, 3, null,
                tmp.resolve("models/mmoe/mmoe-row-test"));
        Report r = EvaluationCommand.evaluate(o, "test");
        var prior = r.rankings().get("video-prior");
        for (String name : new String[]{"logged-order", "ranking-stage(mmoe-row-test)", "mmoe-row-test:click", "true-affinity"}) {
            var row = r.rankings().get(name);
            assertNotNull(row, name + " in " + r.rankings().keySet());
            assertEquals(prior.items(), row.items(), name + " scores the same slates");
            assertTrue(row.auc() > 0.2 && row.auc() < 1, name + ": " + row);
            assertTrue(row.gaucUsers() > 0 && row.gauc() > 0 && row.gauc() < 1, name + ": " + row);
        }
        assertNotNull(r.rankings().get("mmoe-row-test:click").logLoss(), "the click head's scores are probabilities");
        assertTrue(r.markdown().contains("| ranking-stage(mmoe-row-test) |"));
        assertTrue(r.markdown().contains("GAUC (users)"));
    }
}
