package dev.reelrank.vectorindex.lucene;

import dev.reelrank.model.VectorIndex;
import dev.reelrank.vectorindex.Vectors;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
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
 *   <li>An index of at most {@link HnswConfig#exactScanMaxVectors()} vectors is searched by an
 *       exact scan, which at that size is faster than a graph search with a beam of 1,000 and
 *       exact besides (measurements at that setting).</li>
 *   <li>Searches are thread-safe and never block writers: each acquires the current reader.</li>
 *   <li>Reopening maps the persisted segments; nothing is rebuilt.</li>
 *   <li>A commit carries caller data (the consumer's Kafka offsets) atomically with the
 *       vectors it describes.</li>
 * </ul>
 *
 * <p>This class holds the index's life cycle (open, refresh, commit, close) and its writes; the
 * writer's setup is {@link HnswWriterConfig}, bulk loading {@link HnswBulkLoad}, searching
 * {@link HnswSearch}.
 */
public final class EmbeddedHnswIndex implements VectorIndex {
    private static final System.Logger LOG = System.getLogger(EmbeddedHnswIndex.class.getName());

    private final Path path;
    private final HnswConfig config;
    private final Directory directory;
    private final ExecutorService mergeExecutor;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final HnswSearch reads;
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
            this.mergeExecutor = HnswWriterConfig.mergeExecutor(config);
            this.writer = new IndexWriter(directory, HnswWriterConfig.of(config, mergeExecutor));
            try {
                this.searchers = new SearcherManager(writer, true, false, new SearcherFactory());
                this.reads = new HnswSearch(searchers);
                reads.dimension().ifPresent(dimension::set);
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
            this.refresher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("vector-index-refresh"));
            long ms = Math.max(1, config.refreshInterval().toMillis());
            refresher.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
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
     * optionally merges to one segment, commits with {@code userData} and refreshes
     * ({@link HnswBulkLoad}).
     *
     * @param expected the number of entries, for the ETA (0 if unknown)
     */
    public BulkLoadStats bulkLoad(Iterator<Entry> entries, long expected, Map<String, String> userData, PrintStream progressOut) {
        return new HnswBulkLoad(this, writer).run(entries, expected, userData, progressOut);
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
        return reads.search(Vectors.normalized(query), k, config.efSearch(), config.exactScanMaxVectors(), filter);
    }

    /** The vectors as stored: normalised on the way in, so unit length; ids not (yet) visible to searches are absent. */
    @Override
    public Map<String, float[]> vectors(java.util.Collection<String> videoIds) {
        return reads.vectors(videoIds);
    }

    /**
     * Whether a search now is an exact scan ({@link HnswConfig#exactScanMaxVectors()}) rather
     * than a graph search; it changes as the index grows or shrinks past the threshold.
     */
    public boolean searchesExactly() {
        return reads.scansExactly(config.exactScanMaxVectors());
    }

    /** Searches answered by an exact scan so far; package-private, for tests of the choice. */
    long exactSearches() {
        return reads.exactSearches();
    }

    /** Searches answered by the graph so far. */
    long graphSearches() {
        return reads.graphSearches();
    }

    @Override
    public long size() {
        return reads.size();
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
}
