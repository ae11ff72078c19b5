package dev.reelrank.vectorindex.lucene;

import dev.reelrank.model.VectorIndex.Entry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.index.IndexWriter;

/**
 * Loads many entries into an {@link EmbeddedHnswIndex} with {@link HnswConfig#indexThreads()}
 * threads (the HNSW graph is built on the indexing threads), printing progress and an ETA, then
 * optionally merges to one segment, commits with the caller's user data and refreshes. Entries
 * go through the index's own {@code upsert}, so ids, dimensions and normalization are checked
 * exactly as for live writes.
 */
final class HnswBulkLoad {
    private final EmbeddedHnswIndex index;
    private final IndexWriter writer;

    HnswBulkLoad(EmbeddedHnswIndex index, IndexWriter writer) {
        this.index = index;
        this.writer = writer;
    }

    EmbeddedHnswIndex.BulkLoadStats run(Iterator<Entry> entries, long expected, Map<String, String> userData, PrintStream progressOut) {
        HnswConfig config = index.config();
        var progress = new BulkLoadProgress("indexed", expected, Duration.ofSeconds(5), progressOut);
        int threads = config.indexThreads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("vector-index-bulk"));
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    List<Entry> chunk = new ArrayList<>(256);
                    while (true) {
                        chunk.clear();
                        // Hand out chunks so threads contend on the iterator rarely.
                        synchronized (entries) {
                            while (chunk.size() < 256 && entries.hasNext()) chunk.add(entries.next());
                        }
                        if (chunk.isEmpty()) return null;
                        index.upsert(chunk);
                        progress.add(chunk.size());
                    }
                }));
            }
            for (Future<?> w : workers) w.get();
            progress.finish();
            long indexNanos = progress.elapsed().toNanos();
            long mergeStart = System.nanoTime();
            if (config.forceMergeAfterBulkLoad()) {
                progressOut.println("vector-index: merging segments into one graph...");
                writer.forceMerge(1);
            }
            long mergeNanos = System.nanoTime() - mergeStart;
            index.commit(userData);
            index.refresh();
            progressOut.printf("vector-index: bulk load done: %d vectors, indexing %s, merge %s%n",
                    progress.done(), BulkLoadProgress.fmt(indexNanos / 1e9), BulkLoadProgress.fmt(mergeNanos / 1e9));
            return new EmbeddedHnswIndex.BulkLoadStats(progress.done(), Duration.ofNanos(indexNanos), Duration.ofNanos(mergeNanos));
        } catch (IOException e) {
            throw new UncheckedIOException("bulk load into " + index.path() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bulk load interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("bulk load failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
