package dev.reelrank.vectorindex.lucene;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;

/**
 * How the embedded index's {@code IndexWriter} is set up from an {@link HnswConfig}: the HNSW
 * format with the configured M and beam (built on {@code indexThreads} merge threads), the RAM
 * buffer, and a merge scheduler that leaves cores to searches.
 */
final class HnswWriterConfig {
    private HnswWriterConfig() {}

    /** The pool that builds graphs during merges, or null for a single indexing thread. */
    static ExecutorService mergeExecutor(HnswConfig config) {
        return config.indexThreads() > 1 ? Executors.newFixedThreadPool(config.indexThreads(), DaemonThreads.named("vector-index-merge")) : null;
    }

    static IndexWriterConfig of(HnswConfig config, ExecutorService mergeExecutor) {
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
}
