package dev.reelrank.vectorindex.lucene;

import dev.reelrank.model.VectorIndex;
import dev.reelrank.vectorindex.Vectors;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * {@link VectorIndex} on Lucene's HNSW graph, persisted in a directory of its own.
 *
 * <ul>
 *   <li>Upserts replace by video id; deletes are by id. Both are visible to searches after the
 *       next near-real-time refresh ({@link HnswConfig#refreshInterval()} or {@link #refresh()})
 *       and durable after the next {@link #commit(Map)} (or {@link #close()}).</li>
 *   <li>Filters are evaluated inside the kNN query (see {@link LuceneFilters}).</li>
 *   <li>Searches are thread-safe and never block writers: each acquires the current reader.</li>
 *   <li>Reopening maps the persisted segments; nothing is rebuilt.</li>
 *   <li>A commit carries caller data (the consumer's Kafka offsets) atomically with the
 *       vectors it describes.</li>
 * </ul>
 */
public final class EmbeddedHnswIndex implements VectorIndex {
    private static final System.Logger LOG = System.getLogger(EmbeddedHnswIndex.class.getName());
    private static final Pattern SAFE_DIR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path path;
    private final HnswConfig config;
    private final Directory directory;
    private final ExecutorService mergeExecutor;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ScheduledExecutorService refresher;
    private final AtomicInteger dimension = new AtomicInteger();
    private volatile Map<String, String> committedUserData;

    public EmbeddedHnswIndex(Path path) {
        this(path, HnswConfig.DEFAULT);
    }

    public EmbeddedHnswIndex(Path path, HnswConfig config) {
        this.path = path;
        this.config = config;
        try {
            Files.createDirectories(path);
            this.directory = FSDirectory.open(path);
            this.committedUserData = DirectoryReader.indexExists(directory)
                    ? Map.copyOf(SegmentInfos.readLatestCommit(directory).getUserData())
                    : Map.of();
            this.mergeExecutor = config.indexThreads() > 1
                    ? Executors.newFixedThreadPool(config.indexThreads(), daemon("vector-index-merge"))
                    : null;
            this.writer = new IndexWriter(directory, writerConfig(config, mergeExecutor));
            try {
                this.searchers = new SearcherManager(writer, true, false, new SearcherFactory());
                dimensionOf(searchers).ifPresent(dimension::set);
            } catch (IOException | RuntimeException e) {
                // Release the write lock, or the next attempt to open this directory fails too.
                org.apache.lucene.util.IOUtils.closeWhileHandlingException(writer, directory);
                if (mergeExecutor != null) mergeExecutor.shutdownNow();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the vector index at " + path, e);
        }
        if (config.refreshInterval().isZero()) {
            this.refresher = null;
        } else {
            this.refresher = Executors.newSingleThreadScheduledExecutor(daemon("vector-index-refresh"));
            long ms = Math.max(1, config.refreshInterval().toMillis());
            refresher.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * {@code $REELRANK_INDEX_DIR/<modelVersion>} (default {@code var/index/<modelVersion>}, which
     * git ignores): one index per model version, since vectors of two versions are not comparable.
     */
    public static Path defaultDirectory(String modelVersion) {
        if (modelVersion == null || !SAFE_DIR_NAME.matcher(modelVersion).matches())
            throw new IllegalArgumentException("modelVersion must match " + SAFE_DIR_NAME + " to name a directory, was " + modelVersion);
        String root = System.getenv().getOrDefault("REELRANK_INDEX_DIR", "var/index");
        return Path.of(root).resolve(modelVersion);
    }

    private static IndexWriterConfig writerConfig(HnswConfig config, ExecutorService mergeExecutor) {
        KnnVectorsFormat format = new Lucene99HnswVectorsFormat(
                config.maxConn(), config.beamWidth(),
                mergeExecutor == null ? 1 : config.indexThreads(), mergeExecutor);
        var iwc = new IndexWriterConfig()
                .setOpenMode(OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(config.ramBufferMb())
                .setCodec(new Lucene103Codec() {
                    // The per-field hook is the only way to choose M and the beam: the default
                    // codec would build with M=16, beam 100.
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return format;
                    }
                });
        var cms = new ConcurrentMergeScheduler();
        // A 2-core box: background merges must not starve searches.
        cms.setMaxMergesAndThreads(Math.max(2, config.indexThreads()), Math.max(1, config.indexThreads() / 2));
        iwc.setMergeScheduler(cms);
        return iwc;
    }

    // ---- writes ----------------------------------------------------------------------------

    @Override
    public void upsert(List<Entry> entries) {
        for (Entry e : entries) index(e);
    }

    private void index(Entry e) {
        if (e.videoId() == null || e.videoId().isEmpty()) throw new IllegalArgumentException("entry without a videoId");
        float[] unit = Vectors.normalized(checkDimension(e.videoId(), e.vector()));
        try {
            writer.updateDocument(new Term(LuceneFields.ID, e.videoId()), LuceneFields.toDocument(e, unit));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot index " + e.videoId(), ex);
        }
    }

    private float[] checkDimension(String videoId, float[] v) {
        if (v == null || v.length == 0) throw new IllegalArgumentException("video " + videoId + " has no vector");
        int d = dimension.get();
        if (d == 0 && dimension.compareAndSet(0, v.length)) return v;
        d = dimension.get();
        if (v.length != d)
            throw new IllegalArgumentException("video " + videoId + " has a " + v.length + "-dim vector; this index holds " + d + "-dim vectors");
        return v;
    }

    @Override
    public void delete(List<String> videoIds) {
        if (videoIds.isEmpty()) return;
        Term[] terms = videoIds.stream().map(id -> new Term(LuceneFields.ID, id)).toArray(Term[]::new);
        try {
            writer.deleteDocuments(terms);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + videoIds.size() + " videos", e);
        }
    }

    /**
     * Loads many entries with {@link HnswConfig#indexThreads()} threads (the HNSW graph is
     * built on the indexing threads), printing progress and an ETA on {@code progressOut}, then
     * optionally merges to one segment, commits with {@code userData} and refreshes.
     *
     * @param expected the number of entries, for the ETA (0 if unknown)
     */
    public BulkLoadStats bulkLoad(Iterator<Entry> entries, long expected, Map<String, String> userData, PrintStream progressOut) {
        var progress = new BulkLoadProgress("indexed", expected, Duration.ofSeconds(5), progressOut);
        int threads = config.indexThreads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("vector-index-bulk"));
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
                        upsert(chunk);
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
            commit(userData);
            refresh();
            progressOut.printf("vector-index: bulk load done: %d vectors, indexing %s, merge %s%n",
                    progress.done(), BulkLoadProgress.fmt(indexNanos / 1e9), BulkLoadProgress.fmt(mergeNanos / 1e9));
            return new BulkLoadStats(progress.done(), Duration.ofNanos(indexNanos), Duration.ofNanos(mergeNanos));
        } catch (IOException e) {
            throw new UncheckedIOException("bulk load into " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bulk load interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("bulk load failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public record BulkLoadStats(long vectors, Duration indexing, Duration merge) {}

    /**
     * Makes every write so far durable together with {@code userData} (replacing the previous
     * commit's data; null keeps it). Readers of {@link #committedUserData()} after a restart see
     * exactly the data that matches the persisted vectors.
     */
    public synchronized void commit(Map<String, String> userData) {
        Map<String, String> data = userData == null ? committedUserData : Map.copyOf(userData);
        try {
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
            committedUserData = data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the vector index at " + path, e);
        }
    }

    /** The user data of the last commit (loaded from disk on open). */
    public Map<String, String> committedUserData() {
        return committedUserData;
    }

    /** Makes all writes so far visible to searches now (blocking until the new reader is open). */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the vector index reader", e);
        }
    }

    private void refreshQuietly() {
        try {
            searchers.maybeRefresh();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "vector index refresh failed; searches keep the previous view", e);
        }
    }

    // ---- reads -----------------------------------------------------------------------------

    @Override
    public List<Neighbor> search(float[] query, int k, Filter filter) {
        if (k <= 0) throw new IllegalArgumentException("k must be > 0, was " + k);
        int d = dimension.get();
        if (d == 0) return List.of();
        if (query == null || query.length != d)
            throw new IllegalArgumentException("query has " + (query == null ? 0 : query.length) + " dimensions; this index holds " + d + "-dim vectors");
        float[] unit = Vectors.normalized(query);
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // Lucene's k is the HNSW beam (ef): ask for max(k, ef) and keep the best k.
            int ef = Math.max(k, config.efSearch());
            var q = new KnnFloatVectorQuery(LuceneFields.VECTOR, unit, ef, LuceneFilters.toQuery(filter));
            ScoreDoc[] hits = searcher.search(q, ef).scoreDocs;
            int n = Math.min(k, hits.length);
            return toNeighbors(searcher, Arrays.copyOf(hits, n));
        } catch (IOException e) {
            throw new UncheckedIOException("vector search failed", e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot release a searcher", e);
            }
        }
    }

    /** Maps hits (best first) to video ids, reading each segment's id doc values in doc order. */
    private static List<Neighbor> toNeighbors(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        Integer[] byDoc = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) byDoc[i] = i;
        Arrays.sort(byDoc, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
        String[] ids = new String[hits.length];
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leafIndex = -1;
        SortedSetDocValues values = null;
        int docBase = 0;
        for (int i : byDoc) {
            int doc = hits[i].doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                LeafReaderContext leaf = leaves.get(li);
                values = leaf.reader().getSortedSetDocValues(LuceneFields.ID);
                docBase = leaf.docBase;
            }
            if (values == null || !values.advanceExact(doc - docBase))
                throw new IllegalStateException("document " + doc + " has no video id");
            ids[i] = values.lookupOrd(values.nextOrd()).utf8ToString();
        }
        var out = new ArrayList<Neighbor>(hits.length);
        for (int i = 0; i < hits.length; i++) out.add(new Neighbor(ids[i], LuceneFields.innerProduct(hits[i].score)));
        return out;
    }

    @Override
    public long size() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vector dimension, once the index holds (or has been given) a vector. */
    @Override
    public OptionalInt dimension() {
        int d = dimension.get();
        return d == 0 ? OptionalInt.empty() : OptionalInt.of(d);
    }

    public Path path() {
        return path;
    }

    public HnswConfig config() {
        return config;
    }

    /** Bytes of the last commit's files on disk. */
    public long bytesOnDisk() {
        try {
            long total = 0;
            for (String f : SegmentInfos.readLatestCommit(directory).files(true)) total += directory.fileLength(f);
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OptionalInt dimensionOf(SearcherManager searchers) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            FieldInfo fi = FieldInfos.getMergedFieldInfos(s.getIndexReader()).fieldInfo(LuceneFields.VECTOR);
            return fi == null || fi.getVectorDimension() == 0 ? OptionalInt.empty() : OptionalInt.of(fi.getVectorDimension());
        } finally {
            searchers.release(s);
        }
    }

    /** Commits pending writes (keeping the last commit's user data) and releases the files. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            try {
                // A refresh in flight must finish before the reader manager closes under it.
                refresher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            commit(null);
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the vector index at " + path, e);
        } finally {
            if (mergeExecutor != null) mergeExecutor.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        var n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
