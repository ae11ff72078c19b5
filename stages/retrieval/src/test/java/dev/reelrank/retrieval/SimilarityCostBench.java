package dev.reelrank.retrieval;

import dev.reelrank.model.RequestContext;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the two-tower similarity costs feed-assembly per feed: {@link TwoTowerSimilarity} over a real
 * {@link EmbeddedHnswIndex} (the function's embedded index), one batch read of {@code candidates}
 * vectors and their dot products with the user's stored vector, {@code calls} times on one thread
 * after as many warm-up calls. Prints wall and thread-CPU p50 / p99.
 *
 * <p>Args: videos in the index (default 20000), candidates per feed (1000, re-ranking's maximum),
 * calls (2000). Not a test: run it by hand (BENCHMARKS.md).
 */
public final class SimilarityCostBench {
    public static void main(String[] args) throws Exception {
        int videos = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int dim = 64;
        var random = new SplittableRandom(7);
        Path dir = Files.createTempDirectory("similarity-bench-");
        var entries = new ArrayList<VectorIndex.Entry>(videos);
        for (int i = 0; i < videos; i++) entries.add(new VectorIndex.Entry("v" + i, unit(random, dim), null));
        long t0 = System.nanoTime();
        try (var index = new EmbeddedHnswIndex(dir, HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO))) {
            index.bulkLoad(entries.iterator(), videos, Map.of("modelVersion", "tt-bench"), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            System.err.printf(Locale.ROOT, "index of %,d vectors built in %.1f s%n", videos, (System.nanoTime() - t0) / 1e9);
            var user = UserFeatures.newBuilder().setUserId("u").setEmbeddingVersion("tt-bench");
            for (float x : unit(random, dim)) user.addEmbedding(x);
            var similarity = TwoTowerSimilarity.over(new UserEmbeddings("tt-bench", null), index);
            var threads = ManagementFactory.getThreadMXBean();
            long[] wall = new long[calls], cpu = new long[calls];
            double sink = 0;
            for (int call = -calls; call < calls; call++) {
                List<String> ids = new ArrayList<>(candidates);
                for (int i = 0; i < candidates; i++) ids.add("v" + random.nextInt(videos));
                long w = System.nanoTime(), c = threads.getCurrentThreadCpuTime();
                float[] s = similarity.of(user.build(), RequestContext.UNKNOWN, ids);
                long dc = threads.getCurrentThreadCpuTime() - c, dw = System.nanoTime() - w;
                sink += s[0];
                if (call >= 0) {
                    wall[call] = dw;
                    cpu[call] = dc;
                }
            }
            System.out.printf(Locale.ROOT, "%,d candidates of %,d videos, %,d calls: wall p50 %.3f ms p99 %.3f ms; CPU p50 %.3f ms p99 %.3f ms (%s)%n",
                    candidates, videos, calls, pct(wall, 50), pct(wall, 99), pct(cpu, 50), pct(cpu, 99), sink == 0 ? "-" : "ok");
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static float[] unit(SplittableRandom r, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) v[i] /= (float) Math.sqrt(n);
        return v;
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }
}
