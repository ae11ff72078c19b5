package dev.reelrank.vectorindex.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.VectorIndex.Entry;
import dev.reelrank.model.VectorIndex.Filter;
import dev.reelrank.model.VectorIndex.Neighbor;
import dev.reelrank.model.VectorIndex.Payload;
import dev.reelrank.vectorindex.Vectors;
import dev.reelrank.vectorindex.bench.ClusteredVectors;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactSearchTest {
    private static final HnswConfig EXACT = HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO).withIndexThreads(1)
            .withMaxConn(16).withBeamWidth(64);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int DIM = 32;

    @TempDir
    Path dir;

    /** What the test inserted and did not delete: the brute-force reference reads this. */
    private final Map<String, Entry> live = new LinkedHashMap<>();

    private static Entry entry(String id, float[] vector, String region, Instant published) {
        return new Entry(id, vector, new Payload("ch-" + id, region, "en", "music", published));
    }

    private static List<String> ids(List<Neighbor> ns) {
        return ns.stream().map(Neighbor::videoId).toList();
    }

    private void upsert(EmbeddedHnswIndex index, List<Entry> entries) {
        index.upsert(entries);
        for (Entry e : entries) live.put(e.videoId(), e);
    }

    private void delete(EmbeddedHnswIndex index, List<String> ids) {
        index.delete(ids);
        ids.forEach(live::remove);
    }

    private record Scored(String id, double score) {}

    /** A plain loop: inner product with every live entry the predicate accepts, best first. */
    private List<Scored> bruteForce(float[] query, int k, Predicate<Entry> accept) {
        float[] q = Vectors.normalized(query);
        var all = new ArrayList<Scored>();
        for (Entry e : live.values()) {
            if (!accept.test(e)) continue;
            float[] v = Vectors.normalized(e.vector());
            double dot = 0;
            for (int i = 0; i < v.length; i++) dot += (double) q[i] * v[i];
            all.add(new Scored(e.videoId(), dot));
        }
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        return all.subList(0, Math.min(k, all.size()));
    }

    /**
     * The index's answer is a true top k: as many hits as the reference, no duplicates, only
     * accepted live videos, and the i-th hit's score is the i-th best score (within float
     * rounding; near-ties may come in either order between float and double arithmetic).
     */
    private void assertTopK(List<Scored> want, List<Neighbor> got, Predicate<Entry> accept, String what) {
        assertEquals(want.size(), got.size(), what + ": hits");
        assertEquals(got.size(), new HashSet<>(ids(got)).size(), what + ": duplicate hits");
        for (int i = 0; i < got.size(); i++) {
            Neighbor n = got.get(i);
            Entry e = live.get(n.videoId());
            assertTrue(e != null && accept.test(e), what + ": " + n.videoId() + " is deleted or filtered out");
            assertEquals(want.get(i).score(), n.score(), 1e-5, what + ": score at rank " + i);
            if (i > 0) assertTrue(got.get(i - 1).score() >= n.score(), what + ": not best first at rank " + i);
        }
    }

    @Test
    void exactTopKEqualsABruteForceLoopWithFiltersDeletesAndReplacedVideos() {
        var gen = new ClusteredVectors(DIM, 30, 0.5f, 1.0, 21);
        float[] data = gen.generate(3000, 22);
        float[] replacements = gen.generate(100, 23);
        String[] regions = {"US", "FR", "DE"};
        try (var index = new EmbeddedHnswIndex(dir, EXACT)) {
            // Three batches, each refreshed: three segments, as live upserts leave them.
            for (int batch = 0; batch < 3; batch++) {
                var entries = new ArrayList<Entry>();
                for (int i = batch * 1000; i < (batch + 1) * 1000; i++) {
                    entries.add(entry("v" + i, Arrays.copyOfRange(data, i * DIM, (i + 1) * DIM), regions[i % 3],
                            T0.plusSeconds(i)));
                }
                upsert(index, entries);
                index.refresh();
            }
            // Deletes spread over every segment; replacements move videos elsewhere in space.
            var gone = new ArrayList<String>();
            for (int i = 0; i < 3000; i += 7) gone.add("v" + i);
            delete(index, gone);
            var moved = new ArrayList<Entry>();
            for (int i = 0; i < 100; i++) {
                int id = 1 + i * 29;
                moved.add(entry("v" + id, Arrays.copyOfRange(replacements, i * DIM, (i + 1) * DIM), "FR", T0.plusSeconds(id)));
            }
            upsert(index, moved);
            index.refresh();
            assertEquals(live.size(), index.size());

            Map<String, Filter> filters = new LinkedHashMap<>();
            filters.put("none", Filter.NONE);
            filters.put("region FR", new Filter(Set.of("FR"), null, null, null));
            filters.put("published after", new Filter(null, null, null, T0.plusSeconds(2000)));
            filters.put("FR or DE after", new Filter(Set.of("FR", "DE"), null, null, T0.plusSeconds(1500)));
            Map<String, Predicate<Entry>> accepts = Map.of(
                    "none", e -> true,
                    "region FR", e -> e.payload().region().equals("FR"),
                    "published after", e -> e.payload().publishedAt().isAfter(T0.plusSeconds(2000)),
                    "FR or DE after", e -> !e.payload().region().equals("US") && e.payload().publishedAt().isAfter(T0.plusSeconds(1500)));
            float[] queries = gen.generate(5, 24);
            long before = index.exactSearches();
            int searches = 0;
            for (int q = 0; q < 5; q++) {
                float[] query = Arrays.copyOfRange(queries, q * DIM, (q + 1) * DIM);
                for (int k : new int[] {1, 10, 100, 500, 5000}) {
                    for (var f : filters.entrySet()) {
                        Predicate<Entry> accept = accepts.get(f.getKey());
                        assertTopK(bruteForce(query, k, accept), index.search(query, k, f.getValue()), accept,
                                "query " + q + ", k " + k + ", filter " + f.getKey());
                        searches++;
                    }
                }
            }
            assertEquals(searches, index.exactSearches() - before, "every search was an exact scan");
            assertEquals(0, index.graphSearches());
        }
    }

    @Test
    void exactScoresAreTheGraphsScoresForTheSameDocuments() {
        var gen = new ClusteredVectors(DIM, 10, 0.5f, 1.0, 31);
        float[] data = gen.generate(600, 32);
        var entries = new ArrayList<Entry>();
        for (int i = 0; i < 600; i++) entries.add(entry("v" + i, Arrays.copyOfRange(data, i * DIM, (i + 1) * DIM), "US", T0));
        float[] query = gen.generate(1, 33);
        List<Neighbor> exact;
        try (var index = new EmbeddedHnswIndex(dir, EXACT)) {
            index.upsert(entries);
            index.refresh();
            exact = index.search(query, 300, Filter.NONE);
            assertEquals(1, index.exactSearches());
        }
        // The same segments searched through the graph; a beam larger than the index finds all.
        try (var index = new EmbeddedHnswIndex(dir, EXACT.withExactScanMaxVectors(0).withEfSearch(1000))) {
            List<Neighbor> graph = index.search(query, 300, Filter.NONE);
            assertEquals(1, index.graphSearches());
            assertEquals(0, index.exactSearches());
            assertEquals(Set.copyOf(ids(graph)), Set.copyOf(ids(exact)));
            Map<String, Float> graphScores = new LinkedHashMap<>();
            for (Neighbor n : graph) graphScores.put(n.videoId(), n.score());
            for (int i = 0; i < exact.size(); i++) {
                Neighbor n = exact.get(i);
                // The graph scores in batches, whose float sums round differently in the last bits.
                assertEquals(graphScores.get(n.videoId()), n.score(), 1e-6, n.videoId());
                // Rank for rank the scores agree too: only near-ties may swap places.
                assertEquals(graph.get(i).score(), n.score(), 1e-6, "rank " + i);
            }
        }
    }

    @Test
    void theLiveVectorCountChoosesThePathAndZeroAlwaysUsesTheGraph() {
        var gen = new ClusteredVectors(8, 5, 0.5f, 1.0, 41);
        float[] data = gen.generate(101, 42);
        float[] q = Arrays.copyOf(data, 8);
        var entries = new ArrayList<Entry>();
        for (int i = 0; i < 101; i++) entries.add(entry("v" + i, Arrays.copyOfRange(data, i * 8, (i + 1) * 8), "US", T0));
        try (var index = new EmbeddedHnswIndex(dir, EXACT.withExactScanMaxVectors(100))) {
            index.upsert(entries.subList(0, 100));
            index.refresh();
            assertTrue(index.searchesExactly());
            index.search(q, 10, Filter.NONE);
            assertEquals(1, index.exactSearches(), "100 vectors, threshold 100");
            index.upsert(entries.subList(100, 101));
            index.refresh();
            assertFalse(index.searchesExactly());
            index.search(q, 10, Filter.NONE);
            assertEquals(1, index.graphSearches(), "101 vectors");
            // Live vectors count, not documents on disk: a delete brings the scan back.
            index.delete(List.of("v7"));
            index.refresh();
            index.search(q, 10, Filter.NONE);
            assertEquals(2, index.exactSearches(), "100 live vectors after a delete");
            assertEquals(1, index.graphSearches());
        }
        try (var index = new EmbeddedHnswIndex(dir, EXACT.withExactScanMaxVectors(0))) {
            assertFalse(index.searchesExactly());
            assertEquals(100, index.search(q, 500, Filter.NONE).size());
            assertEquals(0, index.exactSearches());
            assertEquals(1, index.graphSearches());
        }
    }

    @Test
    void equalScoresComeInDocumentOrderEveryTime() {
        try (var index = new EmbeddedHnswIndex(dir, EXACT)) {
            var entries = new ArrayList<Entry>();
            for (int i = 0; i < 20; i++) entries.add(entry("same-" + i, new float[] {1, 1, 0}, "US", T0));
            entries.add(entry("best", new float[] {1, 0, 0}, "US", T0));
            index.upsert(entries);
            index.refresh();
            List<String> first = ids(index.search(new float[] {1, 0, 0}, 8, Filter.NONE));
            assertEquals(List.of("best", "same-0", "same-1", "same-2", "same-3", "same-4", "same-5", "same-6"), first);
            for (int i = 0; i < 5; i++) assertEquals(first, ids(index.search(new float[] {1, 0, 0}, 8, Filter.NONE)));
        }
    }

    @Test
    void aFilterMatchingNothingAndAnEmptyIndexAnswerNothing() {
        try (var index = new EmbeddedHnswIndex(dir, EXACT)) {
            assertEquals(List.of(), index.search(new float[] {1, 0}, 5, Filter.NONE));
            index.upsert(List.of(entry("a", new float[] {1, 0}, "US", T0), entry("b", new float[] {0, 1}, "US", T0)));
            index.refresh();
            assertEquals(List.of(), index.search(new float[] {1, 0}, 5, new Filter(Set.of("JP"), null, null, null)));
            assertEquals(List.of(), index.search(new float[] {1, 0}, 5, new Filter(null, null, null, T0.plusSeconds(1))));
            assertEquals(List.of("a", "b"), ids(index.search(new float[] {1, 0}, 5, Filter.NONE)));
            index.delete(List.of("a", "b"));
            index.refresh();
            assertEquals(List.of(), index.search(new float[] {1, 0}, 5, Filter.NONE));
        }
    }

    @Test
    void configDefaultsToScansUpTo50kAndRejectsANegativeThreshold() {
        assertEquals(50_000, HnswConfig.DEFAULT.exactScanMaxVectors());
        var c = HnswConfig.DEFAULT.withExactScanMaxVectors(5).withEfSearch(7).withMaxConn(8).withBeamWidth(9)
                .withIndexThreads(1).withRamBufferMb(16).withRefreshInterval(Duration.ZERO);
        assertEquals(5, c.exactScanMaxVectors(), "the other with… methods keep the threshold");
        assertEquals(0, HnswConfig.DEFAULT.withExactScanMaxVectors(0).exactScanMaxVectors());
        assertThrows(IllegalArgumentException.class, () -> HnswConfig.DEFAULT.withExactScanMaxVectors(-1));
    }
}
