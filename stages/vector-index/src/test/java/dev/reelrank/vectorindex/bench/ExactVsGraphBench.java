package dev.reelrank.vectorindex.bench;

import dev.reelrank.model.VectorIndex;
import dev.reelrank.model.VectorIndex.Filter;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The two search paths of {@link EmbeddedHnswIndex} on the same index: its HNSW graph and its
 * exact scan ({@link HnswConfig#exactScanMaxVectors()}), top-k with and without filters, one
 * query thread. The index is built once per size and copied, and each query runs on both copies
 * back to back, so both paths see the same load on a shared machine. Run it through
 * {@code scripts/bench exact}.
 */
public final class ExactVsGraphBench {
    static final String USAGE = """
            usage: scripts/bench exact [options]
              --sizes LIST   index sizes to measure (2000,20000,100000)
              --dim N        dimension (64)
              --queries N    measured queries per size and filter (1000)
              --warmup N     unmeasured queries before each measurement (200)
              --top N        neighbours returned per query (500)
              --ef N         HNSW search beam of the graph path (1000)
              --seed N       seed of data and queries (42)
              --force-merge B  merge each index to one segment after loading (true); false
                             keeps the segments the load flushed, as live indexing leaves them
              --ram-buffer-mb N  indexing buffer: with --force-merge false, smaller = more segments (1024)
              --dir PATH     working directory for the indexes (var/bench)
            """;

    private record Options(List<Integer> sizes, int dim, int queries, int warmup, int top, int ef, long seed, boolean forceMerge,
                           int ramBufferMb, Path dir) {}

    /** Every document is in category "v1" (a filter matching all, as a version filter on a one-version index would) and in region US or FR alternately. */
    private static final Map<String, Filter> FILTERS = new LinkedHashMap<>();

    static {
        FILTERS.put("none", Filter.NONE);
        FILTERS.put("all match (category)", new Filter(null, null, Set.of("v1"), null));
        FILTERS.put("half match (region)", new Filter(Set.of("US"), null, null, null));
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        System.out.printf("# exact scan vs HNSW graph of EmbeddedHnswIndex: %d dims, clustered unit vectors (2000 clusters, spread 0.50, seed %d),"
                        + " %d queries after %d warm-up, top-%d, one query thread, M 32, beam 100, ef %d, %s%n",
                o.dim(), o.seed(), o.queries(), o.warmup(), o.top(), o.ef(),
                o.forceMerge() ? "one merged segment" : "segments as loaded (" + o.ramBufferMb() + " MB buffer, 2 threads, no force merge)");
        System.out.printf("# java %s, %d cores, load average at start %s%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors(), BenchFiles.loadAverage());
        var rows = new ArrayList<String>();
        for (int n : o.sizes()) rows.addAll(measure(o, n));
        System.out.printf("# load average at end: %s%n%n", BenchFiles.loadAverage());
        System.out.println("| vectors | segments | filter | path | median ms | p99 ms | recall@100 of the graph vs the scan |");
        System.out.println("| ---: | ---: | --- | --- | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
    }

    private static List<String> measure(Options o, int n) throws IOException {
        var gen = new ClusteredVectors(o.dim(), 2000, 0.5f, 1.0, o.seed());
        float[] data = gen.generate(n, o.seed() + 1);
        float[] queries = gen.generate(o.queries() + o.warmup(), o.seed() + 2);
        Path graphDir = BenchFiles.emptyDir(o.dir().resolve("exact-vs-graph-" + n));
        Path scanDir = BenchFiles.emptyDir(o.dir().resolve("exact-vs-graph-" + n + "-copy"));
        var d = HnswConfig.DEFAULT;
        var config = new HnswConfig(d.maxConn(), d.beamWidth(), o.ef(), d.indexThreads(), o.ramBufferMb(), Duration.ZERO, o.forceMerge(),
                d.exactScanMaxVectors());
        long t = System.nanoTime();
        try (var index = new EmbeddedHnswIndex(graphDir, config.withExactScanMaxVectors(0))) {
            var entries = new ArrayList<VectorIndex.Entry>(n);
            for (int i = 0; i < n; i++) {
                var payload = new VectorIndex.Payload(null, i % 2 == 0 ? "US" : "FR", null, "v1", null);
                entries.add(new VectorIndex.Entry(Integer.toString(i), Arrays.copyOfRange(data, i * o.dim(), (i + 1) * o.dim()), payload));
            }
            index.bulkLoad(entries.iterator(), n, Map.of(), System.err);
        }
        try (var files = Files.list(graphDir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("write.lock")) Files.copy(f, scanDir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.err.printf("bench: %,d vectors built in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
        int segments;
        try (var r = org.apache.lucene.index.DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(graphDir))) {
            segments = r.leaves().size();
        }
        var rows = new ArrayList<String>();
        try (var graph = new EmbeddedHnswIndex(graphDir, config.withExactScanMaxVectors(0));
             var scan = new EmbeddedHnswIndex(scanDir, config.withExactScanMaxVectors(Integer.MAX_VALUE))) {
            if (graph.searchesExactly() || !scan.searchesExactly()) throw new IllegalStateException("the two copies do not take the two paths");
            var exact = new ExactScan(data, o.dim());
            for (var f : FILTERS.entrySet()) {
                var hGraph = new Histogram(1, 60_000_000, 3);
                var hScan = new Histogram(1, 60_000_000, 3);
                var hHeap = new Histogram(1, 60_000_000, 3);
                double recall = 0;
                for (int i = 0; i < o.warmup() + o.queries(); i++) {
                    // Warm-up queries are drawn from past the measured ones, so no measured query was seen before.
                    float[] q = query(queries, o.dim(), i < o.warmup() ? o.queries() + i : i - o.warmup());
                    boolean measured = i >= o.warmup();
                    long t0 = System.nanoTime();
                    List<VectorIndex.Neighbor> g = graph.search(q, o.top(), f.getValue());
                    long t1 = System.nanoTime();
                    List<VectorIndex.Neighbor> s = scan.search(q, o.top(), f.getValue());
                    long t2 = System.nanoTime();
                    if (f.getValue() == Filter.NONE) {
                        exact.topK(q, o.top());
                        if (measured) hHeap.recordValue(Math.max(1, (System.nanoTime() - t2) / 1000));
                    }
                    if (!measured) continue;
                    hGraph.recordValue(Math.max(1, (t1 - t0) / 1000));
                    hScan.recordValue(Math.max(1, (t2 - t1) / 1000));
                    recall += recallAt100(s, g);
                }
                recall /= o.queries();
                rows.add(row(n, segments, f.getKey(), "HNSW graph, ef " + o.ef(), hGraph, String.format("%.3f", recall)));
                rows.add(row(n, segments, f.getKey(), "exact scan (Lucene vector scorer)", hScan, "—"));
                if (f.getValue() == Filter.NONE) rows.add(row(n, segments, f.getKey(), "on-heap Vector API scan (ExactScan, BENCHMARKS.md's baseline)", hHeap, "—"));
                System.err.printf("bench: %,d vectors, filter %s: graph %.2f ms, scan %.2f ms median%n", n, f.getKey(),
                        hGraph.getValueAtPercentile(50) / 1000.0, hScan.getValueAtPercentile(50) / 1000.0);
            }
        }
        return rows;
    }

    private static String row(int n, int segments, String filter, String path, Histogram h, String recall) {
        return String.format("| %,d | %d | %s | %s | %.2f | %.2f | %s |", n, segments, filter, path,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, recall);
    }

    private static double recallAt100(List<VectorIndex.Neighbor> truth, List<VectorIndex.Neighbor> got) {
        int k = Math.min(100, truth.size());
        if (k == 0) return 1;
        var want = new HashSet<String>();
        for (int i = 0; i < k; i++) want.add(truth.get(i).videoId());
        int hit = 0;
        for (int i = 0; i < Math.min(k, got.size()); i++) if (want.contains(got.get(i).videoId())) hit++;
        return (double) hit / k;
    }

    private static float[] query(float[] queries, int dim, int i) {
        return Arrays.copyOfRange(queries, i * dim, (i + 1) * dim);
    }



    private static Options parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) throw new IllegalArgumentException("");
            if (!a.startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("unexpected argument: " + a);
            o.put(a.substring(2), args[++i]);
        }
        var known = List.of("sizes", "dim", "queries", "warmup", "top", "ef", "seed", "force-merge", "ram-buffer-mb", "dir");
        for (String k : o.keySet()) if (!known.contains(k)) throw new IllegalArgumentException("unknown option --" + k);
        List<Integer> sizes = Arrays.stream(o.getOrDefault("sizes", "2000,20000,100000").split(","))
                .map(s -> Integer.parseInt(s.trim().replace("_", ""))).toList();
        return new Options(sizes, integer(o, "dim", 64), integer(o, "queries", 1000), integer(o, "warmup", 200),
                integer(o, "top", 500), integer(o, "ef", 1000), Long.parseLong(o.getOrDefault("seed", "42")),
                Boolean.parseBoolean(o.getOrDefault("force-merge", "true")), integer(o, "ram-buffer-mb", 1024), Path.of(o.getOrDefault("dir", "var/bench")));
    }

    private static int integer(Map<String, String> o, String k, int def) {
        String v = o.get(k);
        if (v == null) return def;
        int x = Integer.parseInt(v.replace("_", ""));
        if (x <= 0) throw new IllegalArgumentException("--" + k + " must be > 0");
        return x;
    }
}
