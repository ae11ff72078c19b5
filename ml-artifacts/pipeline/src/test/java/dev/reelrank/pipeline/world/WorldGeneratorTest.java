package dev.reelrank.pipeline.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.DatasetFiles;
import dev.reelrank.proto.v1.Action;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldGeneratorTest {
    private static final WorldConfig SMALL = WorldConfig.of(2_000, 300, 30_000, 7);

    @Test
    void sameSeedGivesTheSameWorldWhateverTheThreadCount(@TempDir Path tmp) throws Exception {
        new WorldGenerator(SMALL.withThreads(1), BehaviourModel.DEFAULTS, false).generate(tmp.resolve("a"), "a");
        new WorldGenerator(SMALL.withThreads(3), BehaviourModel.DEFAULTS, false).generate(tmp.resolve("b"), "b");
        for (String f : new String[]{DatasetFiles.VIDEOS, DatasetFiles.INTERACTIONS, DatasetFiles.USERS,
                DatasetFiles.TRUTH_USERS, DatasetFiles.TRUTH_VIDEOS}) {
            assertEquals(digest(tmp.resolve("a").resolve(f)), digest(tmp.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void anotherSeedGivesAnotherWorld(@TempDir Path tmp) throws Exception {
        new WorldGenerator(SMALL, BehaviourModel.DEFAULTS, false).generate(tmp.resolve("a"), "a");
        var other = new WorldConfig(2_000, 300, 30_000, 8, SMALL.channels(), 5, SMALL.start(), SMALL.span(), 10, 3, 2, "");
        new WorldGenerator(other, BehaviourModel.DEFAULTS, false).generate(tmp.resolve("b"), "b");
        assertFalse(digest(tmp.resolve("a").resolve(DatasetFiles.INTERACTIONS))
                .equals(digest(tmp.resolve("b").resolve(DatasetFiles.INTERACTIONS))));
    }

    @Test
    void anIdPrefixChangesOnlyTheIds(@TempDir Path tmp) throws Exception {
        new WorldGenerator(SMALL, BehaviourModel.DEFAULTS, false).generate(tmp.resolve("a"), "a");
        new WorldGenerator(SMALL.withIdPrefix("w9-"), BehaviourModel.DEFAULTS, false).generate(tmp.resolve("b"), "b");
        Dataset b = Dataset.load(tmp.resolve("b"));
        for (int u = 0; u < b.userCount(); u++) assertTrue(b.users.value(u).startsWith("w9-u"), b.users.value(u));
        for (int v = 0; v < b.videoCount(); v++) assertTrue(b.videos.value(v).startsWith("w9-v"), b.videos.value(v));
        for (String f : new String[]{DatasetFiles.VIDEOS, DatasetFiles.INTERACTIONS, DatasetFiles.USERS}) {
            String plain = text(tmp.resolve("a").resolve(f));
            String prefixed = text(tmp.resolve("b").resolve(f));
            assertFalse(plain.equals(prefixed), f);
            assertEquals(plain, prefixed.replace("w9-", ""), f);
        }
    }

    @Test
    void writesExactlyTheRequestedEventsEachUserInTimeOrder(@TempDir Path tmp) {
        var result = new WorldGenerator(SMALL, BehaviourModel.DEFAULTS, false).generate(tmp, "w");
        assertEquals(30_000, result.interactions());
        Dataset d = Dataset.load(tmp);
        assertEquals(30_000, d.rows);
        assertEquals(2_000, d.videoCount());
        int[] start = d.userRowStart();
        int[] index = d.userRowIndex(start);
        for (int u = 0; u < d.userCount(); u++) {
            for (int k = start[u] + 1; k < start[u + 1]; k++) {
                assertTrue(d.time[index[k - 1]] <= d.time[index[k]], "user " + d.users.value(u) + " out of order");
            }
        }
        long impressions = 0, clicks = 0;
        for (int i = 0; i < d.rows; i++) {
            if (d.action[i] == Action.impression_VALUE) impressions++;
            if (d.action[i] == Action.click_VALUE) clicks++;
            if (d.action[i] == Action.watch_VALUE) assertTrue(d.watchSeconds[i] > 0);
            if (d.action[i] == Action.subscribe_VALUE) assertTrue(d.channel[i] >= 0, "subscribe names the channel");
            // No impression of a video before it was uploaded.
            assertTrue(d.videoPublished[d.video[i]] <= d.time[i]);
        }
        double ctr = (double) clicks / impressions;
        assertTrue(ctr > 0.02 && ctr < 0.3, "click-through rate " + ctr);
        assertTrue(d.manifest.truth().containsKey("affinity"));
    }

    @Test
    void aliasTableSamplesInProportionToWeights() {
        var t = new AliasTable(new double[]{1, 3, 0, 6});
        var r = Seeds.generator(1, 0, 0);
        int[] counts = new int[4];
        for (int i = 0; i < 100_000; i++) counts[t.sample(r)]++;
        assertEquals(0, counts[2]);
        assertEquals(0.1, counts[0] / 100_000.0, 0.01);
        assertEquals(0.3, counts[1] / 100_000.0, 0.01);
        assertEquals(0.6, counts[3] / 100_000.0, 0.01);
    }

    @Test
    void apportionSumsExactly() {
        long[] q = Population.apportion(new double[]{1, 2, 3.5, 0.25}, 1_001);
        long sum = 0;
        for (long x : q) sum += x;
        assertEquals(1_001, sum);
        assertArrayEquals(new long[]{148, 297, 519, 37}, q);
    }

    private static String text(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String digest(Path gz) throws IOException, java.security.NoSuchAlgorithmException {
        var md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
