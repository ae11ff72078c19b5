package dev.reelrank.vectorindex.lucene;

import java.time.Duration;

/**
 * Tuning of the embedded HNSW index. Defaults are the setting measured best on this 2-core
 * machine for 1M x 64 clustered embeddings (BENCHMARKS.md, platform facts): M=32 with a
 * search beam of 1,000 gave recall@100 0.95 at top-500.
 *
 * @param maxConn         M: graph neighbours per node. Higher = better recall and slower build,
 *                        more bytes per vector (about 4 bytes per link). 16 needed ef 3,000 for
 *                        the same recall, so 32 is cheaper at query time.
 * @param beamWidth       ef_construction: candidates considered while inserting. 100 is
 *                        Lucene's default; raising it buys recall with build time.
 * @param efSearch        the search beam: Lucene's {@code k} is the beam, so a search asks for
 *                        {@code max(k, efSearch)} neighbours and keeps the top k. The main
 *                        latency/recall knob (1,000 = 1.5 ms median at 1M here).
 * @param indexThreads    threads that build the graph during bulk loads and merges. The graph
 *                        is built on the indexing threads, so this is the build parallelism.
 * @param ramBufferMb     indexing buffer before a segment is flushed. Large buffers mean fewer,
 *                        larger segments: fewer graphs to search and less merge work; it must
 *                        fit in the heap with room to spare (1M x 64 dims buffers about 600 MB).
 * @param refreshInterval how often live upserts/deletes become visible to searches
 *                        (near-real-time reader refresh); {@link Duration#ZERO} disables the
 *                        timer, leaving only {@code refresh()} on demand.
 * @param forceMergeAfterBulkLoad merge to one segment after a bulk load: one graph to search
 *                        is the fastest layout, at the price of re-linking every vector once.
 * @param exactScanMaxVectors a search is an exact scan ({@link ExactSearch}) instead of a graph
 *                        search while the index holds at most this many live vectors; 0 = always
 *                        the graph. With a beam of 1,000 the graph pays for up to 1,000 heap
 *                        entries per segment searched (Lucene 10.3 already scans every segment
 *                        below about 9,100 vectors, where ln(n) x ef >= n, but through that heap),
 *                        while the scan's cost is linear in the vectors and the same whatever the
 *                        segments. BENCHMARKS.md's on-heap scan beat the graph up to 200k, but
 *                        the scan through Lucene's per-document scorer takes about twice as
 *                        long as that one. Measured with {@code scripts/bench exact} (top-500, 64
 *                        dims, ef 1000, 2 loaded cores), scan vs graph median: one merged segment
 *                        (the graph's best case) 30k 2.9 vs 3.3 ms, 40k 3.6 vs 3.2 ms, 100k 8.0
 *                        vs 4.0 ms; the segments a load leaves (5 at 50k, 8 at 100k) 50k 4.4 vs
 *                        5.9 ms, 100k 8.1 vs 7.1 ms. 50,000 sits between the two crossovers: a
 *                        live index (never force-merged) is the second kind, and at worst the
 *                        scan costs about 1 ms more. A filter that excludes documents makes the
 *                        scan cheaper and the graph dearer, so filtered searches gain more.
 *                        The graph's cost follows the beam {@code max(k, efSearch)}: with a much
 *                        smaller {@code efSearch} than 1,000 the crossover moves down.
 */
public record HnswConfig(
        int maxConn,
        int beamWidth,
        int efSearch,
        int indexThreads,
        double ramBufferMb,
        Duration refreshInterval,
        boolean forceMergeAfterBulkLoad,
        int exactScanMaxVectors) {

    public static final HnswConfig DEFAULT =
            new HnswConfig(32, 100, 1000, 2, 256, Duration.ofSeconds(1), true, 50_000);

    public HnswConfig {
        if (maxConn < 2 || maxConn > 512) throw new IllegalArgumentException("maxConn must be in [2, 512], was " + maxConn);
        if (beamWidth < 1 || beamWidth > 3200) throw new IllegalArgumentException("beamWidth must be in [1, 3200], was " + beamWidth);
        if (efSearch < 1) throw new IllegalArgumentException("efSearch must be >= 1, was " + efSearch);
        if (indexThreads < 1) throw new IllegalArgumentException("indexThreads must be >= 1, was " + indexThreads);
        if (ramBufferMb < 1) throw new IllegalArgumentException("ramBufferMb must be >= 1, was " + ramBufferMb);
        if (refreshInterval == null || refreshInterval.isNegative())
            throw new IllegalArgumentException("refreshInterval must be >= 0");
        if (exactScanMaxVectors < 0)
            throw new IllegalArgumentException("exactScanMaxVectors must be >= 0 (0 disables exact scans), was " + exactScanMaxVectors);
    }

    public HnswConfig withEfSearch(int ef) {
        return new HnswConfig(maxConn, beamWidth, ef, indexThreads, ramBufferMb, refreshInterval, forceMergeAfterBulkLoad, exactScanMaxVectors);
    }

    public HnswConfig withMaxConn(int m) {
        return new HnswConfig(m, beamWidth, efSearch, indexThreads, ramBufferMb, refreshInterval, forceMergeAfterBulkLoad, exactScanMaxVectors);
    }

    public HnswConfig withBeamWidth(int beam) {
        return new HnswConfig(maxConn, beam, efSearch, indexThreads, ramBufferMb, refreshInterval, forceMergeAfterBulkLoad, exactScanMaxVectors);
    }

    public HnswConfig withIndexThreads(int threads) {
        return new HnswConfig(maxConn, beamWidth, efSearch, threads, ramBufferMb, refreshInterval, forceMergeAfterBulkLoad, exactScanMaxVectors);
    }

    public HnswConfig withRamBufferMb(double mb) {
        return new HnswConfig(maxConn, beamWidth, efSearch, indexThreads, mb, refreshInterval, forceMergeAfterBulkLoad, exactScanMaxVectors);
    }

    public HnswConfig withRefreshInterval(Duration interval) {
        return new HnswConfig(maxConn, beamWidth, efSearch, indexThreads, ramBufferMb, interval, forceMergeAfterBulkLoad, exactScanMaxVectors);
    }

    public HnswConfig withExactScanMaxVectors(int maxVectors) {
        return new HnswConfig(maxConn, beamWidth, efSearch, indexThreads, ramBufferMb, refreshInterval, forceMergeAfterBulkLoad, maxVectors);
    }
}
