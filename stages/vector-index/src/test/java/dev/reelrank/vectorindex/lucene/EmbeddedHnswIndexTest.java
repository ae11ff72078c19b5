package dev.reelrank.vectorindex.lucene;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.VectorIndex.Entry;
import dev.reelrank.model.VectorIndex.Filter;
import dev.reelrank.model.VectorIndex.Neighbor;
import dev.reelrank.model.VectorIndex.Payload;
import dev.reelrank.vectorindex.bench.ClusteredVectors;
import dev.reelrank.vectorindex.bench.ExactScan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedHnswIndexTest {
    // The graph unless a test asks for exact scans too: the recall and concurrency tests are about HNSW.
    private static final HnswConfig MANUAL_REFRESH = HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO).withEfSearch(200)
            .withMaxConn(16).withBeamWidth(64).withExactScanMaxVectors(0); // small graphs build fast; recall is tested below
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    private static float[] v(float... xs) {
        return xs;
    }

    private static Entry entry(String id, float[] vector, String region, String language, String category, Instant published) {
        return new Entry(id, vector, new Payload("ch-" + id, region, language, category, published));
    }

    private static List<String> ids(List<Neighbor> ns) {
        return ns.stream().map(Neighbor::videoId).toList();
    }

    private static final Pattern SAFE_DIR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /**
     * {@code $REELRANK_INDEX_DIR/<modelVersion>} (default {@code var/index/<modelVersion>}, which
     * git ignores): one index per model version, since vectors of two versions are not comparable.
     */
    private static Path defaultDirectory(String modelVersion) {
        if (modelVersion == null || !SAFE_DIR_NAME.matcher(modelVersion).matches())
            throw new IllegalArgumentException("modelVersion must match " + SAFE_DIR_NAME + " to name a directory, was " + modelVersion);
        String root = System.getenv().getOrDefault("REELRANK_INDEX_DIR", "var/index");
        return Path.of(root).resolve(modelVersion);
    }

    @ParameterizedTest(name = "exactScanMaxVectors {0}")
    @ValueSource(ints = {0, 50_000})
    void searchReturnsNearestByInnerProductBestFirst(int exactScanMaxVectors) {
        HnswConfig config = MANUAL_REFRESH.withExactScanMaxVectors(exactScanMaxVectors);
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            index.upsert(List.of(
                    entry("east", v(1, 0, 0), "US", "en", "music", T0),
                    entry("north", v(0, 1, 0), "US", "en", "music", T0),
                    entry("north-east", v(1, 1, 0), "US", "en", "music", T0)));
            index.refresh();
            List<Neighbor> hits = index.search(v(1, 0.1f, 0), 3, Filter.NONE);
            assertEquals(List.of("east", "north-east", "north"), ids(hits));
            // Scores are inner products of unit vectors (the stored [1,1,0] was normalized).
            assertEquals(0.995, hits.get(0).score(), 1e-3);
            assertEquals((1 + 0.1) / Math.sqrt(2) / Math.sqrt(1.01), hits.get(1).score(), 1e-3);
            assertEquals(3, index.size());
        }
    }

    /**
     * Each hit carries its payload's channel (so the feed need not read the video to learn it), in
     * every segment and on both search paths; a video published without a channel has none.
     */
    @ParameterizedTest(name = "exactScanMaxVectors {0}")
    @ValueSource(ints = {0, 50_000})
    void hitsCarryTheChannelOfTheirPayload(int exactScanMaxVectors) {
        HnswConfig config = MANUAL_REFRESH.withExactScanMaxVectors(exactScanMaxVectors);
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            index.upsert(List.of(entry("east", v(1, 0, 0), "US", "en", "music", T0),
                    new Entry("no-channel", v(0, 1, 0), new Payload(null, "US", "en", "music", T0))));
            index.commit(Map.of()); // a second segment for the next ones
            index.upsert(List.of(entry("north-east", v(1, 1, 0), "US", "en", "music", T0),
                    new Entry("moved", v(0, 0, 1), new Payload("ch-old", "US", "en", "music", T0))));
            index.upsert(List.of(new Entry("moved", v(0, 0, 1), new Payload("ch-new", "US", "en", "music", T0))));
            index.refresh();
            var channels = new java.util.HashMap<String, String>();
            for (Neighbor n : index.search(v(1, 1, 1), 10, Filter.NONE)) channels.put(n.videoId(), n.channelId());
            var expected = new java.util.HashMap<String, String>();
            expected.put("east", "ch-east");
            expected.put("north-east", "ch-north-east");
            expected.put("no-channel", null);
            expected.put("moved", "ch-new");
            assertEquals(expected, channels);
        }
    }

    @ParameterizedTest(name = "exactScanMaxVectors {0}")
    @ValueSource(ints = {0, 50_000})
    void upsertReplacesTheVideoAndDeleteRemovesIt(int exactScanMaxVectors) {
        HnswConfig config = MANUAL_REFRESH.withExactScanMaxVectors(exactScanMaxVectors);
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            index.upsert(List.of(entry("a", v(1, 0), "US", "en", "music", T0), entry("b", v(0, 1), "US", "en", "music", T0)));
            index.upsert(List.of(entry("a", v(0, 1), "FR", "fr", "news", T0)));
            index.refresh();
            assertEquals(2, index.size());
            assertEquals(Set.of("a", "b"), Set.copyOf(ids(index.search(v(0, 1), 5, Filter.NONE))));
            assertEquals(List.of("a"), ids(index.search(v(0, 1), 5, new Filter(Set.of("FR"), null, null, null))));

            index.delete(List.of("a", "never-indexed"));
            index.refresh();
            assertEquals(1, index.size());
            assertEquals(List.of("b"), ids(index.search(v(1, 0), 5, Filter.NONE)));
        }
    }

    /**
     * Vectors read back by id: as stored (unit length), the upserted one for a replaced id, none for
     * a deleted or unknown id, across segments (a commit between writes makes a second one).
     */
    @Test
    void vectorsAreReadBackByIdAsStored() {
        try (var index = new EmbeddedHnswIndex(dir, MANUAL_REFRESH)) {
            assertEquals(Map.of(), index.vectors(List.of("a")));
            index.upsert(List.of(entry("a", v(3, 4), null, null, null, null), entry("b", v(0, 2), null, null, null, null),
                    entry("c", v(1, 0), null, null, null, null)));
            index.commit(Map.of());
            index.upsert(List.of(entry("b", v(2, 0), null, null, null, null), entry("d", v(1, 1), null, null, null, null)));
            index.delete(List.of("c"));
            index.refresh();
            Map<String, float[]> got = index.vectors(List.of("d", "a", "b", "c", "never"));
            assertEquals(Set.of("a", "b", "d"), got.keySet());
            assertArrayEquals(new float[] {0.6f, 0.8f}, got.get("a"), 1e-6f);
            assertArrayEquals(new float[] {1, 0}, got.get("b"), 1e-6f);
            float r = (float) (1 / Math.sqrt(2));
            assertArrayEquals(new float[] {r, r}, got.get("d"), 1e-6f);
            got.get("a")[0] = 42; // a copy: the reader's buffer is not exposed
            assertArrayEquals(new float[] {0.6f, 0.8f}, index.vectors(List.of("a")).get("a"), 1e-6f);
        }
    }

    @Test
    void writesAreInvisibleUntilRefreshedAndTheTimerRefreshes() {
        try (var manual = new EmbeddedHnswIndex(dir.resolve("manual"), MANUAL_REFRESH)) {
            manual.upsert(List.of(entry("a", v(1, 0), null, null, null, null)));
            assertEquals(0, manual.size());
            manual.refresh();
            assertEquals(1, manual.size());
        }
        try (var timed = new EmbeddedHnswIndex(dir.resolve("timed"), MANUAL_REFRESH.withRefreshInterval(Duration.ofMillis(50)))) {
            timed.upsert(List.of(entry("a", v(1, 0), null, null, null, null)));
            await().atMost(Duration.ofSeconds(10)).until(() -> timed.size() == 1);
        }
    }

    @ParameterizedTest(name = "exactScanMaxVectors {0}")
    @ValueSource(ints = {0, 50_000})
    void everyFilterFieldIsAppliedAndNullOrEmptyMeansAny(int exactScanMaxVectors) {
        HnswConfig config = MANUAL_REFRESH.withExactScanMaxVectors(exactScanMaxVectors);
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            index.upsert(List.of(
                    entry("us-en-music-old", v(1, 0), "US", "en", "music", T0.minusSeconds(86_400)),
                    entry("us-en-music-new", v(1, 0.1f), "US", "en", "music", T0.plusSeconds(60)),
                    entry("fr-fr-news-new", v(1, 0.2f), "FR", "fr", "news", T0.plusSeconds(60)),
                    entry("de-de-music-new", v(1, 0.3f), "DE", "de", "music", T0.plusSeconds(60)),
                    entry("at-bound", v(1, 0.4f), "US", "en", "music", T0),
                    entry("no-payload", v(1, 0.5f), null, null, null, null)));
            index.refresh();
            float[] q = v(1, 0);
            assertEquals(Set.of("us-en-music-old", "us-en-music-new", "at-bound"),
                    Set.copyOf(ids(index.search(q, 10, new Filter(Set.of("US"), null, null, null)))));
            assertEquals(Set.of("us-en-music-old", "us-en-music-new", "fr-fr-news-new", "at-bound"),
                    Set.copyOf(ids(index.search(q, 10, new Filter(Set.of("US", "FR"), Set.of(), null, null)))));
            assertEquals(Set.of("fr-fr-news-new"), Set.copyOf(ids(index.search(q, 10, new Filter(null, Set.of("fr"), null, null)))));
            assertEquals(Set.of("us-en-music-old", "us-en-music-new", "de-de-music-new", "at-bound"),
                    Set.copyOf(ids(index.search(q, 10, new Filter(null, null, Set.of("music"), null)))));
            // Strictly after: the video published exactly at T0 is out, as is the one with no date.
            assertEquals(Set.of("us-en-music-new", "fr-fr-news-new", "de-de-music-new"),
                    Set.copyOf(ids(index.search(q, 10, new Filter(null, null, null, T0)))));
            assertEquals(List.of("us-en-music-new"),
                    ids(index.search(q, 10, new Filter(Set.of("US"), Set.of("en"), Set.of("music"), T0))));
            assertEquals(List.of(), index.search(q, 10, new Filter(Set.of("JP"), null, null, null)));
            assertEquals(6, index.search(q, 10, new Filter(Set.of(), Set.of(), Set.of(), null)).size());
        }
    }

    @ParameterizedTest(name = "exactScanMaxVectors {0}")
    @ValueSource(ints = {0, 50_000})
    void aSelectiveFilterStillReturnsEveryMatchUnlikePostFiltering(int exactScanMaxVectors) {
        HnswConfig config = MANUAL_REFRESH.withExactScanMaxVectors(exactScanMaxVectors);
        var gen = new ClusteredVectors(32, 20, 0.5f, 1.0, 7);
        float[] data = gen.generate(3000, 8);
        var entries = new ArrayList<Entry>();
        Set<String> rare = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            // 30 videos (1%) in a rare region, spread over the whole space.
            String region = i % 100 == 0 ? "IS" : "US";
            if (region.equals("IS")) rare.add("v" + i);
            entries.add(entry("v" + i, Arrays.copyOfRange(data, i * 32, (i + 1) * 32), region, "en", "music", T0));
        }
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            index.upsert(entries);
            index.refresh();
            float[] q = Arrays.copyOfRange(data, 5 * 32, 6 * 32);
            List<Neighbor> hits = index.search(q, 50, new Filter(Set.of("IS"), null, null, null));
            assertEquals(rare, Set.copyOf(ids(hits)));
            // Post-filtering the unfiltered top 50 would have kept almost none of them.
            long survivors = index.search(q, 50, Filter.NONE).stream().filter(n -> rare.contains(n.videoId())).count();
            assertTrue(survivors < 30, "post-filtering kept " + survivors);
        }
    }

    @ParameterizedTest(name = "exactScanMaxVectors {0}")
    @ValueSource(ints = {0, 50_000})
    void reopensFromDiskWithVectorsPayloadsAndCommitData(int exactScanMaxVectors) {
        HnswConfig config = MANUAL_REFRESH.withExactScanMaxVectors(exactScanMaxVectors);
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            index.upsert(List.of(entry("a", v(1, 0, 0), "US", "en", "music", T0), entry("b", v(0, 1, 0), "FR", "fr", "news", T0)));
            index.commit(Map.of("kafka.offset.video-embeddings.0", "42"));
            index.upsert(List.of(entry("c", v(0, 0, 1), "US", "en", "music", T0)));
            // close() commits pending writes and keeps the last commit data.
        }
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            assertEquals(3, index.size());
            assertEquals(3, index.dimension().orElseThrow());
            assertEquals(Map.of("kafka.offset.video-embeddings.0", "42"), index.committedUserData());
            assertEquals(List.of("b"), ids(index.search(v(0, 1, 0), 1, Filter.NONE)));
            assertEquals(List.of("b"), ids(index.search(v(1, 0, 0), 5, new Filter(Set.of("FR"), null, null, null))));
            assertThrows(IllegalArgumentException.class, () -> index.upsert(List.of(entry("d", v(1, 0), null, null, null, null))));
        }
    }

    @Test
    void rejectsBadInputWithAClearMessage() {
        try (var index = new EmbeddedHnswIndex(dir, MANUAL_REFRESH)) {
            assertEquals(List.of(), index.search(v(1, 0), 5, Filter.NONE), "an empty index has no neighbours");
            index.upsert(List.of(entry("a", v(1, 0), null, null, null, null)));
            var wrongDim = assertThrows(IllegalArgumentException.class, () -> index.upsert(List.of(entry("b", v(1, 0, 0), null, null, null, null))));
            assertTrue(wrongDim.getMessage().contains("video b has a 3-dim vector; this index holds 2-dim vectors"), wrongDim.getMessage());
            assertThrows(IllegalArgumentException.class, () -> index.upsert(List.of(entry("z", v(0, 0), null, null, null, null))));
            assertThrows(IllegalArgumentException.class, () -> index.search(v(1, 0, 0), 5, Filter.NONE));
            assertThrows(IllegalArgumentException.class, () -> index.search(v(1, 0), 0, Filter.NONE));
        }
        assertThrows(IllegalArgumentException.class, () -> defaultDirectory("../etc"));
        assertEquals(Path.of("var/index/two-tower-7"), defaultDirectory("two-tower-7"));
    }

    @Test
    void recallAt100AgainstAnExactScanIsAtLeast095() {
        int n = 4000, dim = 64, queries = 100;
        var gen = new ClusteredVectors(dim, 50, 0.5f, 1.0, 11);
        float[] data = gen.generate(n, 12);
        float[] qs = gen.generate(queries, 13);
        var progress = new ByteArrayOutputStream();
        try (var index = new EmbeddedHnswIndex(dir, MANUAL_REFRESH.withEfSearch(300))) {
            var entries = new ArrayList<Entry>();
            for (int i = 0; i < n; i++) entries.add(new Entry(Integer.toString(i), Arrays.copyOfRange(data, i * dim, (i + 1) * dim), null));
            var stats = index.bulkLoad(entries.iterator(), n, Map.of("loaded", "yes"), new PrintStream(progress, true));
            assertEquals(n, stats.vectors());
            assertTrue(progress.toString().contains("vector-index: indexed 4000/4000 (100.0%)"), progress.toString());
            assertEquals(Map.of("loaded", "yes"), index.committedUserData());
            assertEquals(n, index.size());

            var exact = new ExactScan(data, dim);
            double recall = 0;
            for (int q = 0; q < queries; q++) {
                float[] query = Arrays.copyOfRange(qs, q * dim, (q + 1) * dim);
                var truth = new HashSet<Integer>();
                for (int id : exact.topK(query, 100)) truth.add(id);
                int hit = 0;
                for (Neighbor nb : index.search(query, 100, Filter.NONE)) if (truth.contains(Integer.parseInt(nb.videoId()))) hit++;
                recall += hit / 100.0;
            }
            recall /= queries;
            assertTrue(recall >= 0.95, "recall@100 = " + recall);
        }
    }

    @Test
    void searchesRunConcurrentlyWithWrites() throws Exception {
        var gen = new ClusteredVectors(16, 10, 0.5f, 1.0, 3);
        float[] data = gen.generate(2000, 4);
        try (var index = new EmbeddedHnswIndex(dir, MANUAL_REFRESH.withRefreshInterval(Duration.ofMillis(20)))) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<?> writer = pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) index.upsert(List.of(new Entry("v" + i, Arrays.copyOfRange(data, i * 16, (i + 1) * 16), null)));
                    return null;
                });
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        int searches = 0;
                        while (!writer.isDone()) {
                            List<Neighbor> hits = index.search(Arrays.copyOfRange(data, 0, 16), 10, Filter.NONE);
                            assertTrue(hits.size() <= 10);
                            searches++;
                        }
                        return searches;
                    }));
                }
                writer.get();
                for (Future<Integer> r : readers) assertTrue(r.get() > 0);
            } finally {
                pool.shutdownNow();
            }
            index.refresh();
            assertEquals(2000, index.size());
            assertFalse(index.search(Arrays.copyOfRange(data, 0, 16), 10, Filter.NONE).isEmpty());
        }
    }
}
