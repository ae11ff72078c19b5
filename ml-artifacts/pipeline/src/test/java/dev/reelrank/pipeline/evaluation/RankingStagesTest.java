package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.ranking.RankingFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingStagesTest {
    @Test
    void replaysTheTrainingImpressionsOfAGeneratedWorldPointInTime(@TempDir Path tmp) {
        new WorldGenerator(WorldConfig.of(500, 100, 10_000, 5), BehaviourModel.DEFAULTS, false).generate(tmp, "ranking-test");
        Dataset d = Dataset.load(tmp);
        var split = Split.byTime(d, 0.2);
        var train = new TrainingData(d, split, new Labels(0.5));
        var examples = new ArrayList<TrainingExample>();
        var replay = RankingStages.replay(train, true, examples::add);

        // one example per training impression, each with the schema's width, labelled by the slate's clicks
        long impressions = 0, clickedSlots = 0;
        var clicked = new HashSet<String>();
        for (int i = 0; i < d.rows; i++) {
            if (!split.isTrain(i)) continue;
            if (d.action[i] == Action.click_VALUE) clicked.add(d.request[i] + "/" + d.video[i]);
        }
        for (int i = 0; i < d.rows; i++) {
            if (!split.isTrain(i) || d.action[i] != Action.impression_VALUE) continue;
            impressions++;
            if (clicked.contains(d.request[i] + "/" + d.video[i])) clickedSlots++;
        }
        assertEquals(impressions, examples.size());
        long positives = examples.stream().filter(e -> e.click() == 1).count();
        assertEquals(clickedSlots, positives);
        int width = RankingFeatures.SCHEMA.numeric().size();
        long previous = Long.MIN_VALUE;
        for (var e : examples) {
            assertEquals(width, e.features().numeric().length);
            assertTrue(e.timeMillis() >= previous, "exposure order");
            assertTrue(e.timeMillis() < split.now(), "training rows only");
            previous = e.timeMillis();
            if (e.click() == 0) assertEquals(0f, e.watchRatio());
        }
        // The state after the replay is the online store at the split time.
        var anyVideo = d.videos.value(d.video[0]);
        assertTrue(replay.state().videos(java.util.List.of(anyVideo)).get(anyVideo).getImpressions() > 0);
    }
}
