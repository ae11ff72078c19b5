package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.BucketAssignment;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.DatasetFiles;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.proto.v1.Action;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logged rows of a generated world, split into two buckets by user as feed-assembly would. */
class LoggedByBucketTest {
    private static final BucketAssignment SPLIT = new BucketAssignment(
            List.of(new BucketAssignment.Bucket("control", 50), new BucketAssignment.Bucket("treatment", 50)), 100, "eval");

    @Test
    void eachUsersTestRowsCountForTheirBucketAndDuplicateImpressionsOnce(@TempDir Path tmp) throws Exception {
        new WorldGenerator(WorldConfig.of(300, 80, 8_000, 11), BehaviourModel.DEFAULTS, false).generate(tmp, "buckets-test");
        Dataset plain = Dataset.load(tmp);
        Split plainSplit = Split.byTime(plain, 0.2);
        assertNull(LoggedByBucket.of(plain, plainSplit), "no bucket column: no per-bucket section");

        // Add the bucket on impressions only (clients' clicks and watches do not repeat it), and log
        // every impression twice, as the served and the client's event of one item.
        Path file = tmp.resolve(DatasetFiles.INTERACTIONS);
        var lines = new ArrayList<String>();
        try (var r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) lines.add(l);
        }
        String[] header = lines.getFirst().split(",");
        int user = List.of(header).indexOf("user_id"), action = List.of(header).indexOf("action");
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            w.write(lines.getFirst() + ",bucket\n");
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",", -1);
                boolean impression = f[action].equals(Action.impression.name());
                String row = l + "," + (impression ? SPLIT.bucketOf(f[user]) : "") + "\n";
                w.write(row);
                if (impression) w.write(row);
            }
        }

        Dataset d = Dataset.load(tmp);
        // Every row is a test row: a time split would cut the doubled log elsewhere than the plain one.
        boolean[] all = new boolean[d.rows];
        java.util.Arrays.fill(all, true);
        Split split = new Split(all, 0, "all rows");
        boolean[] allPlain = new boolean[plain.rows];
        java.util.Arrays.fill(allPlain, true);
        plainSplit = new Split(allPlain, 0, "all rows");
        var buckets = LoggedByBucket.of(d, split);
        assertEquals(List.of("control", "treatment"), List.copyOf(buckets.keySet()));

        long impressions = 0, clicks = 0;
        int users = 0;
        for (var row : buckets.values()) {
            impressions += row.impressions();
            clicks += row.clicks();
            users += row.users();
            assertTrue(row.users() > 0 && row.impressions() > 0, row.toString());
        }
        // The totals are those of the plain dataset's test period: duplicates were counted once.
        long plainImpressions = 0, plainClicks = 0;
        var plainUsers = new java.util.HashSet<Integer>();
        var exposures = new java.util.HashSet<String>();
        for (int r = 0; r < plain.rows; r++) {
            if (plainSplit.isTrain(r)) continue;
            if (plain.action[r] == Action.impression_VALUE) {
                plainUsers.add(plain.user[r]);
                if (plain.request[r] < 0 || exposures.add(plain.user[r] + "/" + plain.request[r] + "/" + plain.video[r])) plainImpressions++;
            }
            if (plain.action[r] == Action.click_VALUE) plainClicks++;
        }
        assertEquals(plainImpressions, impressions);
        assertTrue(clicks <= plainClicks, "clicks of users without a bucketed row are not attributed");
        assertTrue(users >= plainUsers.size());
        assertTrue(LoggedByBucket.markdown(buckets).contains("| treatment |"));
    }
}
