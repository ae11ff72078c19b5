package dev.reelrank.vectorindex.bench;

import dev.reelrank.model.VectorIndex;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The ANN comparison behind BENCHMARKS.md: the same seeded clustered unit vectors and queries
 * for every contender, recall@K against an exact Vector API scan run in the same JVM, one query
 * thread, latencies in an HdrHistogram. Run it through {@code scripts/bench ann}.
 */
public final class AnnBench {
    private final BenchOptions o;
    private final float[] data;
    private final float[] queries;
    private int[][] truth;

    private AnnBench(BenchOptions o) {
        this.o = o;
        var gen = new ClusteredVectors(o.dim(), o.clusters(), o.spread(), o.exponent(), o.seed());
        long t = System.nanoTime();
        this.data = gen.generate(o.vectors(), o.seed() + 1);
        this.queries = gen.generate(o.queries() + o.warmup(), o.seed() + 2);
        log("generated %,d x %d vectors and %,d queries in %.1f s", o.vectors(), o.dim(), o.queries() + o.warmup(), secs(t));
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        new AnnBench(o).run();
    }

    private final String loadAtStart = BenchFiles.loadAverage();


    private void run() throws Exception {
        System.out.printf("# ANN benchmark: %,d x %d clustered unit vectors (%d clusters, spread %.2f, seed %d), %d queries, top-%d, recall@%d%n",
                o.vectors(), o.dim(), o.clusters(), o.spread(), o.seed(), o.queries(), o.top(), o.recallAt());
        System.out.printf("# java %s, %d cores, vector species %s%n%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        List<BenchResult> results = new ArrayList<>();
        BenchResult exact = exactScan();
        results.add(exact);
        if (o.libs().contains("lucene")) results.addAll(lucene());
        if (o.libs().contains("jvector")) results.addAll(JVectorBench.run(this, o, data));
        System.out.printf("# load average at start: %s; at end: %s (other builds share these cores)%n%n", loadAtStart, BenchFiles.loadAverage());
        System.out.println(BenchResult.header(o.recallAt()));
        for (BenchResult r : results) System.out.println(r.row(exact.medianMs()));
    }

    private BenchResult exactScan() {
        var scan = new ExactScan(data, o.dim());
        truth = new int[o.queries()][];
        var h = measure(q -> scan.topK(q, o.top()), (i, ids) -> truth[i] = Arrays.copyOf(ids, o.recallAt()));
        log("exact scan: median %.2f ms", h.getValueAtPercentile(50) / 1000.0);
        return new BenchResult("exact scan (Vector API)", "—", 0, 4.0 * o.dim(), h, 1.0);
    }

    private List<BenchResult> lucene() throws IOException {
        Path dir = fresh("lucene");
        var config = HnswConfig.DEFAULT.withMaxConn(o.m()).withBeamWidth(o.beam()).withIndexThreads(o.threads())
                .withRefreshInterval(Duration.ZERO).withRamBufferMb(1024); // one segment per thread up to 1M vectors
        long t = System.nanoTime();
        double build;
        long bytes;
        try (var index = new EmbeddedHnswIndex(dir, config)) {
            index.bulkLoad(entries(), o.vectors(), Map.of(), System.err);
            build = secs(t);
            bytes = index.bytesOnDisk();
        }
        log("lucene: built in %.1f s, %,d bytes on disk", build, bytes);
        List<BenchResult> out = new ArrayList<>();
        for (int ef : o.luceneEf()) {
            long reopen = System.nanoTime();
            try (var index = new EmbeddedHnswIndex(dir, config.withEfSearch(ef))) {
                log("lucene: reopened in %.0f ms", (System.nanoTime() - reopen) / 1e6);
                Function<float[], int[]> search = q -> ids(index.search(q, o.top(), VectorIndex.Filter.NONE));
                out.add(result("Lucene 10.3.2 HNSW", String.format("M=%d, beam %d, ef %d", o.m(), o.beam(), ef),
                        build, (double) bytes / o.vectors(), search));
            }
        }
        return out;
    }

    private static int[] ids(List<VectorIndex.Neighbor> ns) {
        int[] out = new int[ns.size()];
        for (int i = 0; i < out.length; i++) out[i] = Integer.parseInt(ns.get(i).videoId());
        return out;
    }

    private Iterator<VectorIndex.Entry> entries() {
        return new Iterator<>() {
            int i;

            public boolean hasNext() {
                return i < o.vectors();
            }

            public VectorIndex.Entry next() {
                float[] v = Arrays.copyOfRange(data, i * o.dim(), (i + 1) * o.dim());
                return new VectorIndex.Entry(Integer.toString(i++), v, null);
            }
        };
    }

    BenchResult result(String what, String params, double build, double bytesPerVector, Function<float[], int[]> search) {
        double[] recall = {0};
        var h = measure(search, (i, ids) -> recall[0] += recall(truth[i], ids));
        var r = new BenchResult(what, params, build, bytesPerVector, h, recall[0] / o.queries());
        log("%s %s: median %.2f ms, p99 %.2f ms, recall@%d %.3f", what, params, r.medianMs(), r.p99Ms(), o.recallAt(), r.recall());
        return r;
    }

    interface Sink {
        void accept(int query, int[] ids);
    }

    /** Warms up, then times every query; {@code sink} sees the measured queries' results. */
    Histogram measure(Function<float[], int[]> search, Sink sink) {
        int d = o.dim();
        for (int i = 0; i < o.warmup(); i++) search.apply(query(o.queries() + i, d));
        var h = new Histogram(1, 60_000_000, 3);
        for (int i = 0; i < o.queries(); i++) {
            float[] q = query(i, d);
            long t = System.nanoTime();
            int[] ids = search.apply(q);
            h.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
            sink.accept(i, ids);
        }
        return h;
    }

    Histogram measure(Function<float[], int[]> search) {
        return measure(search, (i, ids) -> {});
    }

    double recall(int query, int[] ids) {
        return recall(truth[query], ids);
    }

    private double recall(int[] exact, int[] ids) {
        var want = new java.util.HashSet<Integer>();
        for (int id : exact) want.add(id);
        int hit = 0;
        for (int i = 0; i < Math.min(o.recallAt(), ids.length); i++) if (want.contains(ids[i])) hit++;
        return (double) hit / exact.length;
    }

    private float[] query(int i, int d) {
        return Arrays.copyOfRange(queries, i * d, (i + 1) * d);
    }

    private Path fresh(String name) throws IOException {
        return BenchFiles.emptyDir(o.dir().resolve(name + "-" + o.vectors()));
    }

    Path freshDir(String name) throws IOException {
        return fresh(name);
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void log(String fmt, Object... args) {
        System.err.println("bench: " + String.format(fmt, args));
    }
}
