package dev.reelrank.pipeline.bulk;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.reelrank.eventlog.embeddings.EmbeddingChange;
import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.eventlog.embeddings.EmbeddingTopicConsumer;
import dev.reelrank.eventlog.embeddings.OffsetCheckpoint;
import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.ModelRollouts;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.VideoBackfill;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.model.VideoMetadata;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.EventStreamer;
import dev.reelrank.pipeline.datasets.StreamPart;
import dev.reelrank.pipeline.io.CassandraSessions;
import dev.reelrank.pipeline.io.Progress;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.ModelMetadata;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The back-fill path for a whole catalogue ({@code scripts/bulk-load}): what embedding-refresh's
 * video fold does for each {@code video.published}, for every video of a data set at once, at
 * the stores' speed instead of an event at a time.
 *
 * <ol>
 *   <li>stores: the fold's rows and keys ({@code video_features}, {@code channel_uploads},
 *   {@code fresh_uploads}, the Redis upload sets, the cached entry dropped) through the feature
 *   store's {@link VideoBackfill}: the live writer's statements, batched per partition;</li>
 *   <li>embeddings: the served two-tower version's video tower over the catalogue in large
 *   batches, each vector published to {@code video-embeddings} as embedding-refresh publishes it
 *   (the topic stays the source of truth for every other index: Qdrant, other replicas);</li>
 *   <li>index: feed-assembly's embedded HNSW index of that version ({@code <index-dir>/<version>})
 *   built directly with {@link EmbeddedHnswIndex#bulkLoad}, from exactly the records published
 *   (each turned into an index entry by the consumer's own {@link EmbeddingChange}), and its
 *   commit given the topic offsets after them, as {@link OffsetCheckpoint#inCommitData} keeps
 *   them: feed-assembly opening it resumes there instead of indexing the catalogue live.</li>
 * </ol>
 *
 * Before publishing, the index is caught up with what the topic already holds (by the consumer
 * feed-assembly uses), so it matches the topic, not only the load. Re-running is idempotent: rows
 * and set members are keyed by video (and publish time), the index upserts by video id, and the
 * topic keeps one record per key after compaction. Users need nothing here: their features are
 * folded from their interactions (post those with {@code scripts/post}).
 */
public final class CatalogueLoad {
    /**
     * {@code cache}: Redis's {@code v:{id}} of every video filled from Cassandra (after the stores
     * step, or alone after a Redis restart), so serving does not start with every candidate a miss.
     */
    public enum Step { stores, embeddings, index, cache }

    /**
     * @param model           a two-tower version folder, or a models root: then the version the
     *                        {@code rollouts} topic serves, else the root's LATEST
     * @param indexDir        feed-assembly's {@code reelrank.retrieval.index-dir}
     * @param chunk           videos per store round (grouped per partition within it)
     * @param embedBatch      videos per forward pass of the video tower and per publish
     * @param publishInFlight published batches not yet acknowledged before the next waits
     * @param catchUpTimeout  how long the index may take to read what the topic already holds
     * @param asOf            the moment video ages are computed for (the tower's age feature)
     * @param untimedStart    publish time of videos without one, as {@code scripts/post} gives them
     * @param cacheTtl        expiry of the cache step's {@code v:{id}} keys (the serving default video TTL)
     */
    public record Options(Path dataset, Path model, Path indexDir, String bootstrap, String topic, String rollouts,
                          String cassandra, String dc, String redisUrl, Duration redisTimeout, int chunk,
                          VideoBackfill.Settings stores, int embedBatch, int publishInFlight, int indexThreads,
                          double indexRamBufferMb, Duration catchUpTimeout, Instant asOf, Instant untimedStart, Set<Step> steps,
                          Duration cacheTtl) {
        public Options {
            if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.isZero()) throw new IllegalArgumentException("cacheTtl must be > 0");
            if (chunk < 1 || embedBatch < 1 || publishInFlight < 1 || indexThreads < 1)
                throw new IllegalArgumentException("chunk, embed batch, publish in-flight and index threads must be >= 1");
            steps = steps.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(steps));
            if (steps.contains(Step.index) && !steps.contains(Step.embeddings))
                throw new IllegalArgumentException("the index step needs the embeddings step (the index is built from the records it publishes)");
        }
    }

    /** How long a step took for how many videos. */
    public record Timed(long videos, Duration took) {
        public double perSecond() {
            return videos / Math.max(1e-9, took.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d videos in %.1f s (%,.0f videos/s)", videos, took.toNanos() / 1e9, perSecond());
        }
    }

    /**
     * @param rows        Cassandra rows written; {@code requests} the statements and batches they took
     * @param resume      next offset per partition saved with the index (empty without the index step)
     * @param interleaved partitions where another writer published during the load (read again from there)
     * @param cached      videos the cache step put in Redis (those Cassandra knows)
     */
    public record Result(long videos, String modelVersion, Timed stores, long rows, long requests, Timed embeddings,
                         Timed index, Path indexPath, long indexSize, Map<Integer, Long> start, Map<Integer, Long> resume,
                         Set<Integer> interleaved, Timed cache, long cached) {}

    private CatalogueLoad() {}

    public static Result run(Options o, PrintStream log) throws IOException, TimeoutException {
        long t0 = System.nanoTime();
        Dataset d = Dataset.loadCatalogue(o.dataset());
        StreamPart part = StreamPart.all(d, o.untimedStart());
        int n = d.videoCount();
        log.printf(Locale.ROOT, "bulk-load: %,d videos of %s read in %.1f s%n", n, d.manifest.name(), (System.nanoTime() - t0) / 1e9);

        TwoTowerModel model = null;
        EmbeddedHnswIndex index = null;
        try {
            if (o.steps().contains(Step.embeddings)) {
                Path dir = servedModel(o, log);
                model = TwoTowerModel.load(dir);
                log.println("bulk-load: two-tower " + model.version() + " from " + dir);
            }
            if (o.steps().contains(Step.index)) {
                // Opened first: a feed-assembly holding the directory fails the run before anything is written.
                index = openIndex(o, model.version());
            }
            Timed stores = null;
            long[] rows = {0, 0};
            if (o.steps().contains(Step.stores)) stores = writeStores(o, d, part, rows, log);
            long[] cached = {0};
            Timed cache = o.steps().contains(Step.cache) ? warmCache(o, d, cached, log) : null;
            Timed embeddings = null, indexed = null;
            Map<Integer, Long> start = Map.of(), resumeAt = Map.of();
            Set<Integer> interleaved = Set.of();
            if (model != null) {
                ResumeOffsets resume = null;
                if (index != null) {
                    start = catchUp(o, index, model.version(), log);
                    resume = new ResumeOffsets(start);
                }
                float[][] vectors = new float[1][];
                embeddings = embedAndPublish(o, d, part, model, resume, index != null ? vectors : null, log);
                if (index != null) {
                    resumeAt = resume.resume();
                    interleaved = resume.interleaved();
                    indexed = buildIndex(o, d, part, model, index, vectors[0], resumeAt, log);
                }
            }
            long size = index == null ? 0 : index.size();
            Path path = index == null ? null : index.path();
            return new Result(n, model == null ? null : model.version(), stores, rows[0], rows[1], embeddings, indexed,
                    path, size, start, resumeAt, interleaved, cache, cached[0]);
        } finally {
            if (index != null) index.close();
            if (model != null) model.close();
        }
    }

    // ---- model and index ---------------------------------------------------------------------

    /** A version folder as given; for a models root, the version serving follows (model-rollouts), else LATEST. */
    static Path servedModel(Options o, PrintStream log) throws IOException {
        if (Files.exists(o.model().resolve(ModelMetadata.FILE))) return o.model();
        var store = new ArtifactStore(o.model());
        Optional<ModelRollout> serving;
        try {
            serving = ModelRollouts.current(o.bootstrap(), o.rollouts(), ModelRollout.TWO_TOWER, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.println("bulk-load: no rollout record readable on " + o.rollouts() + " (" + e.getMessage() + "): using LATEST");
            serving = Optional.empty();
        }
        if (serving.isPresent()) {
            Path dir = store.versionDir(ArtifactStore.checkVersion(serving.get().version()));
            if (!Files.exists(dir.resolve(ModelMetadata.FILE)))
                throw new IllegalArgumentException(o.rollouts() + " serves " + serving.get().version() + ", which is not under " + store.modelsDir());
            log.println("bulk-load: " + o.rollouts() + " serves " + serving.get().version());
            return dir;
        }
        String latest = store.latest().orElseThrow(() -> new IllegalArgumentException("no two-tower model under " + store.modelsDir()));
        return store.versionDir(latest);
    }

    /** The directory feed-assembly opens for the version, with its graph settings (M, beam) and this load's threads and buffer. */
    static EmbeddedHnswIndex openIndex(Options o, String version) {
        Path dir = o.indexDir().resolve(ArtifactStore.checkVersion(version));
        var config = HnswConfig.DEFAULT.withIndexThreads(o.indexThreads()).withRamBufferMb(o.indexRamBufferMb())
                .withRefreshInterval(Duration.ZERO);
        try {
            return new EmbeddedHnswIndex(dir, config);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof org.apache.lucene.store.LockObtainFailedException) {
                throw new IllegalStateException("the index at " + dir + " is open in another process (a running feed-assembly?): "
                        + "stop it for the load, or load into another --index-dir", e);
            }
            throw e;
        }
    }

    /**
     * Brings the index up to what the topic holds now, with the consumer and checkpoint
     * feed-assembly uses; returns the next offset per partition from which the load's records follow.
     */
    static Map<Integer, Long> catchUp(Options o, EmbeddedHnswIndex index, String version, PrintStream log) throws TimeoutException {
        OffsetCheckpoint checkpoint = checkpoint(index);
        var config = new EmbeddingTopicConsumer.Config(o.bootstrap(), o.topic(), version, 0, 2000, Duration.ofMillis(500),
                Duration.ofSeconds(10), Map.of());
        long read;
        try (var consumer = new EmbeddingTopicConsumer(config, index, checkpoint)) {
            read = consumer.catchUp(o.catchUpTimeout());
        }
        // A partition never polled (empty, or nothing past the saved offset) starts where the log starts.
        var start = new HashMap<>(beginningOffsets(o.bootstrap(), o.topic()));
        start.putAll(checkpoint.load(o.topic()));
        log.printf(Locale.ROOT, "bulk-load: index %s caught up with %s (%,d records read, %,d vectors); the load publishes from %s%n",
                index.path(), o.topic(), read, index.size(), new java.util.TreeMap<>(start));
        return start;
    }

    static OffsetCheckpoint checkpoint(EmbeddedHnswIndex index) {
        return OffsetCheckpoint.inCommitData(index::committedUserData, index::commit);
    }

    private static Map<Integer, Long> beginningOffsets(String bootstrap, String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            var parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            var out = new HashMap<Integer, Long>();
            consumer.beginningOffsets(parts, Duration.ofSeconds(30)).forEach((tp, off) -> out.put(tp.partition(), off));
            return out;
        }
    }

    // ---- steps -------------------------------------------------------------------------------

    private static Timed writeStores(Options o, Dataset d, StreamPart part, long[] rows, PrintStream log) {
        int n = d.videoCount();
        int[] order = byChannel(d);
        long t0 = System.nanoTime();
        withBackfill(o, backfill -> {
            var progress = new Progress("stores", n, log);
            for (int from = 0; from < n; from += o.chunk()) {
                int to = Math.min(n, from + o.chunk());
                var chunk = new ArrayList<VideoPublished>(to - from);
                for (int i = from; i < to; i++) chunk.add(EventStreamer.videoPublished(d, part, order[i]));
                VideoBackfill.Written w = backfill.write(chunk);
                rows[0] += w.rows();
                rows[1] += w.requests();
                progress.add(to - from);
            }
            progress.finish();
        });
        var timed = new Timed(n, Duration.ofNanos(System.nanoTime() - t0));
        log.printf(Locale.ROOT, "bulk-load: stores: %s; %,d Cassandra rows in %,d requests%n", timed, rows[0], rows[1]);
        return timed;
    }

    /**
     * Fills Redis's video cache from Cassandra, a chunk at a time, with the serving functions'
     * default expiry ({@code reelrank.feature-store.video-ttl}, {@code --cache-ttl}).
     */
    private static Timed warmCache(Options o, Dataset d, long[] cached, PrintStream log) {
        int n = d.videoCount();
        long t0 = System.nanoTime();
        withBackfill(o, backfill -> {
            var progress = new Progress("cache", n, log);
            // At most one Redis pipeline's worth per round (RedisSignals.MAX_PIPELINE's reason: a connection's waiting queue).
            int chunk = Math.min(o.chunk(), 1_000);
            for (int from = 0; from < n; from += chunk) {
                int to = Math.min(n, from + chunk);
                var ids = new ArrayList<String>(to - from);
                for (int i = from; i < to; i++) ids.add(d.videos.value(i));
                cached[0] += backfill.warmCache(ids, o.cacheTtl());
                progress.add(to - from);
            }
            progress.finish();
        });
        var timed = new Timed(n, Duration.ofNanos(System.nanoTime() - t0));
        log.printf(Locale.ROOT, "bulk-load: cache: %s; %,d known to Cassandra cached in Redis for up to %s%n", timed, cached[0], o.cacheTtl());
        return timed;
    }

    /** {@code work} with the feature store's back-fill writer over a session and a Redis client of its own, closed after. */
    private static void withBackfill(Options o, java.util.function.Consumer<VideoBackfill> work) {
        Vertx vertx = Vertx.vertx();
        try (CqlSession session = CassandraSessions.open(o.cassandra(), o.dc())) {
            Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(o.redisUrl()));
            try {
                work.accept(new VideoBackfill(session, new RedisFeatures(client, o.redisTimeout()), RetrievalStoreConfig.defaults(),
                        Clock.systemUTC(), o.stores()));
            } finally {
                client.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Video indices sorted by channel (then catalogue order): a chunk then holds whole channels, so their uploads batch well. */
    static int[] byChannel(Dataset d) {
        int n = d.videoCount();
        long[] keys = new long[n];
        for (int v = 0; v < n; v++) keys[v] = ((long) (d.videoChannel[v] + 1) << 32) | v;
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = (int) keys[i];
        return order;
    }

    /**
     * Embeds the catalogue in batches and publishes each batch as embedding-refresh publishes a
     * poll batch's vectors; keeps the vectors (one flat array) for the index when asked.
     */
    private static Timed embedAndPublish(Options o, Dataset d, StreamPart part, TwoTowerModel model, ResumeOffsets resume,
                                         float[][] keep, PrintStream log) {
        int n = d.videoCount();
        long t0 = System.nanoTime();
        var progress = new Progress("embeddings", n, log);
        float[] flat = null;
        int dim = 0;
        try (var publisher = new EmbeddingPublisher(o.bootstrap(), o.topic(), Map.of())) {
            var pending = new ArrayDeque<CompletableFuture<List<RecordMetadata>>>();
            for (int from = 0; from < n; from += o.embedBatch()) {
                int to = Math.min(n, from + o.embedBatch());
                var features = new ArrayList<VideoFeatures>(to - from);
                for (int v = from; v < to; v++) features.add(VideoMetadata.features(EventStreamer.videoPublished(d, part, v)));
                float[][] vectors = model.videoEmbeddings(features, o.asOf());
                if (keep != null && flat == null) {
                    dim = vectors[0].length;
                    if ((long) n * dim > Integer.MAX_VALUE - 16) throw new IllegalArgumentException(n + " videos x " + dim + " dims do not fit one array");
                    flat = new float[n * dim];
                }
                var embeddings = new ArrayList<VideoEmbedding>(to - from);
                for (int i = 0; i < vectors.length; i++) {
                    embeddings.add(EmbeddingPublisher.embedding(features.get(i), vectors[i], model.version()));
                    if (flat != null) System.arraycopy(vectors[i], 0, flat, (from + i) * dim, dim);
                }
                pending.add(publisher.publishAll(embeddings));
                while (pending.size() > o.publishInFlight()) acknowledged(pending.poll().join(), resume);
                progress.add(to - from);
            }
            while (!pending.isEmpty()) acknowledged(pending.poll().join(), resume);
            progress.finish();
        }
        if (keep != null) keep[0] = flat;
        var timed = new Timed(n, Duration.ofNanos(System.nanoTime() - t0));
        log.printf(Locale.ROOT, "bulk-load: embeddings: %s, embedded with %s and published to %s%n", timed, model.version(), o.topic());
        return timed;
    }

    private static void acknowledged(List<RecordMetadata> acks, ResumeOffsets resume) {
        if (resume == null) return;
        // A batch's acknowledgements in send order: per partition in offset order (idempotent producer).
        for (RecordMetadata m : acks) resume.published(m.partition(), m.offset());
    }

    private static Timed buildIndex(Options o, Dataset d, StreamPart part, TwoTowerModel model, EmbeddedHnswIndex index,
                                    float[] flat, Map<Integer, Long> resume, PrintStream log) {
        int n = d.videoCount();
        long t0 = System.nanoTime();
        int dim = n == 0 ? 0 : flat.length / n;
        String version = model.version();
        Iterator<VectorIndex.Entry> entries = new Iterator<>() {
            int v;

            @Override
            public boolean hasNext() {
                return v < n;
            }

            @Override
            public VectorIndex.Entry next() {
                if (v >= n) throw new NoSuchElementException();
                int i = v++;
                VideoFeatures f = VideoMetadata.features(EventStreamer.videoPublished(d, part, i));
                VideoEmbedding e = EmbeddingPublisher.embedding(f, Arrays.copyOfRange(flat, i * dim, (i + 1) * dim), version);
                return entry(o.topic(), version, dim, e);
            }
        };
        // Committed with the offsets the index held before the load: a crash before the save below
        // leaves an index that reads the load's records again, never one that skips any.
        EmbeddedHnswIndex.BulkLoadStats stats = index.bulkLoad(entries, n, index.committedUserData(), log);
        checkpoint(index).save(o.topic(), resume);
        var timed = new Timed(stats.vectors(), Duration.ofNanos(System.nanoTime() - t0));
        log.printf(Locale.ROOT, "bulk-load: index: %s (indexing %.1f s, merge %.1f s); %,d vectors at %s, resuming %s at %s%n",
                timed, stats.indexing().toNanos() / 1e9, stats.merge().toNanos() / 1e9, index.size(), index.path(), o.topic(),
                new java.util.TreeMap<>(resume));
        return timed;
    }

    /** The index entry the topic consumer makes of the record, so the bulk-built index holds what a replay would. */
    static VectorIndex.Entry entry(String topic, String version, int dim, VideoEmbedding e) {
        var record = new ConsumerRecord<>(topic, 0, 0L, EmbeddingPublisher.key(version, e.getVideoId()), e.toByteArray());
        EmbeddingChange change = EmbeddingChange.of(record, version, dim);
        if (change instanceof EmbeddingChange.Upsert u) return u.entry();
        throw new IllegalStateException("video " + e.getVideoId() + " would not be indexed from the topic: " + change);
    }
}
