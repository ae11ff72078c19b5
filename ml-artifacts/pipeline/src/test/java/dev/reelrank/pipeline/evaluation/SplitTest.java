package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.UserFeatures;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No test interaction may reach anything built for the systems under evaluation. */
class SplitTest {
    @TempDir
    static Path tmp;
    static Dataset data;

    @BeforeAll
    static void world() {
        new WorldGenerator(WorldConfig.of(1_000, 200, 20_000, 3), BehaviourModel.DEFAULTS, false).generate(tmp, "split-test");
        data = Dataset.load(tmp);
    }

    @Test
    void timeSplitPutsEveryTrainingRowBeforeEveryTestRow() {
        Split s = Split.byTime(data, 0.2);
        long maxTrain = Long.MIN_VALUE, minTest = Long.MAX_VALUE;
        for (int i = 0; i < data.rows; i++) {
            if (s.isTrain(i)) maxTrain = Math.max(maxTrain, data.time[i]);
            else minTest = Math.min(minTest, data.time[i]);
        }
        assertTrue(maxTrain < s.now() && s.now() <= minTest);
        assertEquals(0.2, (double) s.testRows() / data.rows, 0.01);
    }

    @Test
    void randomSplitIsSeededAndPerUser() {
        Split a = Split.randomPerUser(data, 0.25, 11), b = Split.randomPerUser(data, 0.25, 11), c = Split.randomPerUser(data, 0.25, 12);
        assertArrayEquals(a.test(), b.test());
        assertTrue(!java.util.Arrays.equals(a.test(), c.test()));
        assertEquals(0.25, (double) a.testRows() / data.rows, 0.02);
    }

    @Test
    void lastNHoldsOutEachUsersLatestRows() {
        Split s = Split.lastN(data, 3);
        int[] start = data.userRowStart();
        int[] index = data.userRowIndex(start);
        for (int u = 0; u < data.userCount(); u++) {
            int n = start[u + 1] - start[u];
            int held = 0;
            long latestTrain = Long.MIN_VALUE, earliestTest = Long.MAX_VALUE;
            for (int k = start[u]; k < start[u + 1]; k++) {
                int row = index[k];
                if (s.isTrain(row)) latestTrain = Math.max(latestTrain, data.time[row]);
                else { held++; earliestTest = Math.min(earliestTest, data.time[row]); }
            }
            assertEquals(Math.min(3, n), held);
            assertTrue(latestTrain <= earliestTest);
        }
    }

    @Test
    void featuresAndCountersSeeOnlyTrainingRows() {
        Split s = Split.byTime(data, 0.3);
        var train = new TrainingData(data, s, new Labels(0.5));
        var store = new OfflineFeatureStore(train, UserFeatureUpdater.DEFAULTS);
        int[] impressions = new int[data.videoCount()];
        for (int i = 0; i < data.rows; i++) if (s.isTrain(i) && data.action[i] == Action.impression_VALUE) impressions[data.video[i]]++;
        for (int v = 0; v < data.videoCount(); v++) assertEquals(impressions[v], train.impressions(v));
        for (int u = 0; u < data.userCount(); u++) {
            String id = data.users.value(u);
            var watchedInTrain = new HashSet<String>();
            int trainRows = 0;
            for (int row : train.trainRows(u)) {
                assertTrue(s.isTrain(row));
                trainRows++;
                int a = data.action[row];
                if (a == Action.watch_VALUE || a == Action.click_VALUE) watchedInTrain.add(data.videos.value(data.video[row]));
            }
            UserFeatures f = store.user(id).orElse(UserFeatures.getDefaultInstance());
            assertEquals(trainRows, f.getInteractionCount(), id);
            assertTrue(watchedInTrain.containsAll(f.getWatchedVideoIdsList()), id);
            assertTrue(!f.hasUpdatedAt() || f.getUpdatedAt().getSeconds() * 1000 < s.now(), id);
        }
    }

    /** What the trainer's --holdout does: the rows kept are exactly the evaluator's training rows, in order. */
    @Test
    void retainingTheTrainingRowsOfANamedSplitKeepsExactlyThem() {
        Split s = Split.named(data, "random", 0.2, 5, 42);
        var copy = Dataset.load(tmp);
        boolean[] keep = new boolean[copy.rows];
        int train = 0;
        for (int i = 0; i < copy.rows; i++) if (keep[i] = s.isTrain(i)) train++;
        copy.retainRows(keep);
        assertEquals(train, copy.rows);
        int k = 0;
        for (int i = 0; i < data.rows; i++) {
            if (!s.isTrain(i)) continue;
            assertEquals(data.user[i], copy.user[k]);
            assertEquals(data.video[i], copy.video[k]);
            assertEquals(data.time[i], copy.time[k]);
            assertEquals(data.action[i], copy.action[k]);
            k++;
        }
        assertEquals(Split.randomPerUser(data, 0.2, 42).testRows(), s.testRows());
    }
}
