package dev.reelrank.retrievalmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.VideoFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoTowerModelTest {

    private static List<VideoFeatures> videos() {
        return List.of(
                Fixtures.video("v1", "c1", "music", 200, Fixtures.NOW.minus(Duration.ofDays(3)), "pop"),
                Fixtures.video("v2", "c2", "gaming", 900, Fixtures.NOW.minus(Duration.ofDays(400)), "rpg", "indie"),
                Fixtures.video("unseen", "c1", "music", 30, Fixtures.NOW));
    }

    @Test
    void saveThenLoadGivesIdenticalEmbeddings(@TempDir Path root) throws Exception {
        var ctx = new RequestContext("mobile", "US", null);
        float[] user;
        float[][] vids;
        Path dir;
        try (var model = TwoTowerModel.create(Fixtures.smallConfig(), Fixtures.vocab(), "tt-test-1")) {
            user = model.userEmbedding(Fixtures.user(), ctx);
            vids = model.videoEmbeddings(videos(), Fixtures.NOW);
            dir = model.save(root, ModelMetadata.untrained("tt-test-1", model.encoder().config()));
        }
        assertEquals(root.resolve("two-tower/tt-test-1"), dir);
        assertTrue(Files.exists(dir.resolve("parameters.bin")));
        assertTrue(Files.exists(dir.resolve("vocab/video_id.txt")));
        try (var loaded = TwoTowerModel.load(dir)) {
            assertEquals("tt-test-1", loaded.version());
            assertEquals(16, loaded.dimension());
            assertArrayEquals(user, loaded.userEmbedding(Fixtures.user(), ctx));
            float[][] again = loaded.videoEmbeddings(videos(), Fixtures.NOW);
            for (int i = 0; i < vids.length; i++) assertArrayEquals(vids[i], again[i]);
        }
    }

    @Test
    void embeddingsAreUnitLengthAndDependOnInputs() {
        try (var model = TwoTowerModel.create(Fixtures.smallConfig(), Fixtures.vocab(), "tt-test-2")) {
            float[] u = model.userEmbedding(Fixtures.user(), RequestContext.UNKNOWN);
            assertEquals(16, u.length);
            assertEquals(1.0, norm(u), 1e-4);
            float[][] v = model.videoEmbeddings(videos(), Fixtures.NOW);
            assertEquals(3, v.length);
            for (float[] x : v) assertEquals(1.0, norm(x), 1e-4);
            assertTrue(dist(v[0], v[1]) > 1e-3, "different videos, different vectors");
            float[] other = model.userEmbedding(Fixtures.user().toBuilder().clearRecent().build(), RequestContext.UNKNOWN);
            assertTrue(dist(u, other) > 1e-4, "the history matters");
        }
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes(@TempDir Path root) throws Exception {
        try (var model = TwoTowerModel.create(Fixtures.smallConfig(), Fixtures.vocab(), "tt-test-3")) {
            float[] expected = model.userEmbedding(Fixtures.user(), RequestContext.UNKNOWN);
            float[][] expectedV = model.videoEmbeddings(videos(), Fixtures.NOW);
            try (var pool = Executors.newFixedThreadPool(4)) {
                var futures = new ArrayList<Future<Boolean>>();
                for (int i = 0; i < 64; i++) {
                    futures.add(pool.submit(() -> {
                        float[] u = model.userEmbedding(Fixtures.user(), RequestContext.UNKNOWN);
                        float[][] v = model.videoEmbeddings(videos(), Fixtures.NOW);
                        return java.util.Arrays.equals(u, expected) && java.util.Arrays.equals(v[2], expectedV[2]);
                    }));
                }
                for (var f : futures) assertTrue(f.get());
            }
        }
    }

    @Test
    void tamperedArtifactIsRefusedAndVersionsAreNotOverwritten(@TempDir Path root) throws Exception {
        Path dir;
        try (var model = TwoTowerModel.create(Fixtures.smallConfig(), Fixtures.vocab(), "tt-test-4")) {
            var md = ModelMetadata.untrained("tt-test-4", model.encoder().config());
            dir = model.save(root, md);
            assertThrows(java.io.IOException.class, () -> model.save(root, md));
        }
        Files.writeString(dir.resolve("vocab/device.txt"), "mobile\ntv\nwatch\n");
        var e = assertThrows(java.io.IOException.class, () -> TwoTowerModel.load(dir));
        assertTrue(e.getMessage().contains("vocab/device.txt"), e.getMessage());
    }

    @Test
    void latestPointsAtTheChosenVersion(@TempDir Path root) throws Exception {
        try (var model = TwoTowerModel.create(Fixtures.smallConfig(), Fixtures.vocab(), "a")) {
            model.save(root, ModelMetadata.untrained("tt-a", model.encoder().config()));
            model.save(root, ModelMetadata.untrained("tt-b", model.encoder().config()));
        }
        var store = new ArtifactStore(root);
        assertEquals("tt-b", store.latest().orElseThrow(), "no LATEST file: greatest name");
        store.setLatest("tt-a");
        try (var m = TwoTowerModel.loadLatest(root)) {
            assertEquals("tt-a", m.version());
        }
        assertThrows(IllegalArgumentException.class, () -> store.versionDir("../evil"));
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float f : x) s += f * f;
        return Math.sqrt(s);
    }

    private static double dist(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }
}
