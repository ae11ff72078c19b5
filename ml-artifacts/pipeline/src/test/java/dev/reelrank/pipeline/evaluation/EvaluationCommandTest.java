package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationCommandTest {
    @Test
    void scoresEveryBaselineAndTheOracleOnAGeneratedWorld(@TempDir Path tmp) {
        new WorldGenerator(WorldConfig.of(2_000, 400, 60_000, 5), BehaviourModel.DEFAULTS, false).generate(tmp, "eval-test");
        var o = new EvaluationCommand.Options(tmp, "time", 0.2, 5, 42, 0.5, 0, tmp.resolve("out"), 2, true, 24, 50, 200, 20, 3);
        Report r = EvaluationCommand.evaluate(o, "test");
        assertTrue(r.usersScored() > 10, "users scored: " + r.usersScored());
        for (String stage : new String[]{"most-popular", "popular-in-region-1d", "item-knn", "feed(knn+region+popular->prior)", "oracle"}) {
            assertNotNull(r.lists().get(stage), stage);
        }
        // The oracle is the denominator of the oracle ratio: exactly 1 wherever it is defined.
        assertEquals(1.0, r.lists().get("oracle").atK().get(10).oracleRatio(), 1e-9);
        double popular = r.lists().get("most-popular").atK().get(20).oracleRatio();
        assertTrue(popular > 0 && popular < 1, "most-popular oracle ratio " + popular);
        // Recall can only grow with K.
        var knn = r.lists().get("item-knn").atK();
        assertTrue(knn.get(10).recall() <= knn.get(20).recall() && knn.get(20).recall() <= knn.get(500).recall());
        var prior = r.rankings().get("video-prior");
        assertTrue(prior.items() > 0 && prior.logLoss() != null && prior.auc() > 0.3 && prior.auc() < 1);
        assertTrue(r.markdown().contains("| most-popular | 10 |"));
    }
}
