package dev.reelrank.vectorindex.bench;

import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The jvector contender: graph built in memory on our own 2-thread pool (the default uses the
 * common pool, which has parallelism 1 on 2 cores), written to disk, reloaded and searched
 * from the on-disk graph with full-precision vectors inline, as a persisted index would be.
 */
final class JVectorBench {
    private JVectorBench() {}

    static List<BenchResult> run(AnnBench bench, BenchOptions o, float[] data) throws Exception {
        var vts = VectorizationProvider.getInstance().getVectorTypeSupport();
        AnnBench.log("jvector: vectorization provider %s", VectorizationProvider.getInstance().getClass().getSimpleName());
        int d = o.dim();
        List<VectorFloat<?>> list = new ArrayList<>(o.vectors());
        for (int i = 0; i < o.vectors(); i++) list.add(vts.createFloatVector(Arrays.copyOfRange(data, i * d, (i + 1) * d)));
        var ravv = new ListRandomAccessVectorValues(list, d);
        Path dir = bench.freshDir("jvector");
        Path file = dir.resolve("graph.jv");

        long t = System.nanoTime();
        var pool = new ForkJoinPool(o.threads());
        try (var builder = GraphIndexBuilder.builder(ravv, VectorSimilarityFunction.DOT_PRODUCT, o.m())
                .withBeamWidth(o.beam()).withNeighborOverflow(1.2f).withAlpha(1.2f)
                .withSimdExecutor(pool).withParallelExecutor(pool).build()) {
            ImmutableGraphIndex graph = builder.build(ravv);
            OnDiskGraphIndex.write(graph, ravv, file);
        } finally {
            pool.shutdown();
        }
        double build = AnnBench.secs(t);
        long bytes = Files.size(file);
        AnnBench.log("jvector: built and written in %.1f s, %,d bytes on disk", build, bytes);

        List<BenchResult> out = new ArrayList<>();
        try (var readers = ReaderSupplierFactory.open(file);
             var index = OnDiskGraphIndex.load(readers);
             var searcher = new GraphSearcher(index)) {
            var view = (RandomAccessVectorValues) searcher.getView();
            for (int ef : o.jvectorEf()) {
                out.add(bench.result("jvector 4.0.2 (on disk)", String.format("M=%d, beam %d, ef %d", o.m(), o.beam(), ef),
                        build, (double) bytes / o.vectors(), q -> {
                            var ssp = DefaultSearchScoreProvider.exact(vts.createFloatVector(q), VectorSimilarityFunction.DOT_PRODUCT, view);
                            SearchResult r = searcher.search(ssp, o.top(), Math.max(ef, o.top()), 0f, 0f, Bits.ALL);
                            var nodes = r.getNodes();
                            int[] ids = new int[nodes.length];
                            for (int i = 0; i < ids.length; i++) ids[i] = nodes[i].node;
                            return ids;
                        }));
            }
        }
        return out;
    }
}
