package dev.reelrank.pipeline.evaluation.learned;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.proto.v1.UserFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How much the index loses against an exact scan of the same learned video vectors, for the
 * query vectors real users produce (the user tower over their training features): recall@K =
 * |index top K ∩ exact top K| / K, averaged over a seeded sample of users with training rows.
 * Both searches run on one thread, one query at a time, in this run. The index searches as
 * feed-assembly's does, so an index small enough is scanned exactly too; its graph is measured
 * with {@code --ann-exact-scan-max-vectors 0}.
 */
public final class AnnVsExact {
    private AnnVsExact() {}

    /**
     * @param indexScansExactly the index answered by its own exact scan
     *     ({@code --ann-exact-scan-max-vectors}), not its HNSW graph: recall then measures the
     *     scan's float rounding and tie order only
     */
    public record Result(String modelVersion, int videos, int dimension, int queries, int efSearch, int maxConn, int beamWidth,
                         boolean indexScansExactly, double recallAt10, double recallAt100, double recallAt500, double indexMedianMs,
                         double indexP99Ms, double exactMedianMs, double exactP99Ms, double buildSeconds) {

        public String markdown() {
            String search = indexScansExactly ? "exact scan" : String.format(Locale.ROOT, "HNSW %d, %d, %d", maxConn, beamWidth, efSearch);
            return String.format(Locale.ROOT, """
                    | model | videos | dim | queries | index search (HNSW M, beam, ef) | recall@10 | recall@100 | recall@500 | index median / p99 | exact scan median / p99 |
                    |---|---:|---:|---:|---|---:|---:|---:|---:|---:|
                    | %s | %,d | %d | %,d | %s | %.4f | %.4f | %.4f | %.2f / %.2f ms | %.2f / %.2f ms |
                    """, modelVersion, videos, dimension, queries, search, recallAt10, recallAt100, recallAt500,
                    indexMedianMs, indexP99Ms, exactMedianMs, exactP99Ms);
        }
    }

    public static Result measure(LearnedRetrieval lr, TrainingData train, FeatureStore features, int queries, long seed) {
        Dataset d = train.data;
        var candidates = new ArrayList<Integer>();
        for (int u = 0; u < d.userCount(); u++) if (train.trainRowsOf(u) > 0) candidates.add(u);
        // Seeded sample without replacement (partial Fisher-Yates).
        var random = new SplittableRandom(seed);
        int n = Math.min(queries, candidates.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(candidates.size() - i);
            Integer t = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, t);
        }
        long now = train.split.now();
        int k = Math.min(500, lr.videoIds.size());
        double r10 = 0, r100 = 0, r500 = 0;
        var indexMs = new double[n];
        var exactMs = new double[n];
        int done = 0;
        for (int i = 0; i < n; i++) {
            int u = candidates.get(i);
            String userId = d.users.value(u);
            Optional<UserFeatures> user = features.user(userId);
            if (user.isEmpty()) continue;
            String region = d.userRegion[u] >= 0 ? d.regions.value(d.userRegion[u]) : null;
            var ctx = new RequestContext(null, region, now == Dataset.NO_TIME ? null : Instant.ofEpochMilli(now));
            Optional<float[]> q = lr.users.of(user.get(), ctx);
            if (q.isEmpty()) continue;
            long t0 = System.nanoTime();
            List<VectorIndex.Neighbor> ann = lr.index.search(q.get(), k, VectorIndex.Filter.NONE);
            long t1 = System.nanoTime();
            String[] exact = exactTop(lr, q.get(), k);
            long t2 = System.nanoTime();
            indexMs[done] = (t1 - t0) / 1e6;
            exactMs[done] = (t2 - t1) / 1e6;
            r10 += overlap(ann, exact, Math.min(10, k));
            r100 += overlap(ann, exact, Math.min(100, k));
            r500 += overlap(ann, exact, k);
            done++;
        }
        var cfg = lr.index.config();
        return new Result(lr.model.version(), lr.videoIds.size(), lr.model.dimension(), done, cfg.efSearch(), cfg.maxConn(), cfg.beamWidth(),
                lr.index.searchesExactly(), r10 / done, r100 / done, r500 / done, pct(indexMs, done, 0.5), pct(indexMs, done, 0.99),
                pct(exactMs, done, 0.5), pct(exactMs, done, 0.99), lr.buildSeconds);
    }

    private static double overlap(List<VectorIndex.Neighbor> ann, String[] exact, int k) {
        var truth = new HashSet<String>(Arrays.asList(exact).subList(0, Math.min(k, exact.length)));
        int hits = 0;
        for (int i = 0; i < Math.min(k, ann.size()); i++) if (truth.contains(ann.get(i).videoId())) hits++;
        return (double) hits / truth.size();
    }

    /** Inner product over all indexed vectors (unit length on both sides, as the index normalizes), top k. */
    static String[] exactTop(LearnedRetrieval lr, float[] query, int k) {
        float[] q = unit(query);
        float[][] vs = lr.vectors;
        float[] scores = new float[vs.length];
        for (int i = 0; i < vs.length; i++) {
            float[] v = vs[i];
            float s = 0;
            for (int j = 0; j < q.length; j++) s += q[j] * v[j];
            scores[i] = s;
        }
        // Bounded min-heap of the best k (ties: lower position first, like a stable sort).
        var heap = new java.util.PriorityQueue<Integer>(k + 1, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : Integer.compare(b, a));
        for (int i = 0; i < vs.length; i++) {
            if (heap.size() < k) heap.add(i);
            else if (scores[i] > scores[heap.peek()]) { heap.poll(); heap.add(i); }
        }
        String[] out = new String[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) out[i] = lr.videoIds.get(heap.poll());
        return out;
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }

    private static double pct(double[] xs, int n, double p) {
        if (n == 0) return Double.NaN;
        double[] s = Arrays.copyOf(xs, n);
        Arrays.sort(s);
        return s[Math.min(n - 1, (int) Math.floor(p * n))];
    }
}
