package dev.reelrank.pipeline;

import dev.reelrank.eventlog.Topics;
import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.featurestore.tiered.VideoBackfill;
import dev.reelrank.pipeline.bulk.CatalogueLoad;
import dev.reelrank.pipeline.datasets.StreamPart;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bulk-load}: a data set's catalogue into the stores, the embeddings topic and the local index (see {@link CatalogueLoad}). */
@Command(name = "bulk-load", sortOptions = false, usageHelpAutoWidth = true,
        header = "Back-fill a data set's catalogue into the stores, video-embeddings and the index (scripts/bulk-load).",
        description = {"Writes for every video what embedding-refresh writes for a video.published (video_features, the "
                + "channel-upload and fresh-list rows and their Redis sets), batched per partition; embeds the catalogue with the "
                + "served two-tower version and publishes the vectors to video-embeddings; builds feed-assembly's HNSW index of "
                + "that version at <index-dir>/<version> with the topic offsets after the load, so feed-assembly resumes there.",
                "Users need no rows: post interactions with scripts/post afterwards. Re-running is idempotent. "
                + "feed-assembly must not hold the index directory while this runs."})
final class BulkLoadCommand implements Runnable {
    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The data set folder (its videos.csv.gz).")
    Path dataset;

    @Option(names = "--model", paramLabel = "DIR", description = "A two-tower version folder, or a models root: then the version "
            + "model-rollouts serves, else its LATEST (default <repo>/ml-artifacts/models).")
    Path model;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "feed-assembly's reelrank.retrieval.index-dir; the index goes to "
            + "<DIR>/<version> (default <repo>/var/index).")
    Path indexDir;

    @Option(names = "--steps", split = ",", paramLabel = "STEP", description = "Which of stores, embeddings, index, cache to run "
            + "(default all; index needs embeddings; cache alone refills Redis's video cache, e.g. after a Redis restart).")
    List<CatalogueLoad.Step> steps = List.of(CatalogueLoad.Step.values());

    @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "1h", description = "Expiry of the cached videos "
            + "(reelrank.feature-store.video-ttl of the serving functions; each key gets a time in [TTL/2, TTL]) (default ${DEFAULT-VALUE}).")
    Duration cacheTtl;

    @Option(names = "--chunk", paramLabel = "N", description = "Videos per round of store writes (default ${DEFAULT-VALUE}).")
    int chunk = 2_000;

    @Option(names = "--rows-per-batch", paramLabel = "N", description = "Cassandra rows per unlogged batch of one partition (default ${DEFAULT-VALUE}).")
    int rowsPerBatch = VideoBackfill.Settings.DEFAULTS.rowsPerBatch();

    @Option(names = "--cassandra-in-flight", paramLabel = "N", description = "Cassandra requests outstanding at once (default ${DEFAULT-VALUE}).")
    int cassandraInFlight = VideoBackfill.Settings.DEFAULTS.maxInFlight();

    @Option(names = "--redis-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Bound on one chunk's Redis pipeline (default ${DEFAULT-VALUE}).")
    Duration redisTimeout;

    @Option(names = "--embed-batch", paramLabel = "N", description = "Videos per forward pass of the video tower and per publish (default ${DEFAULT-VALUE}).")
    int embedBatch = 1_024;

    @Option(names = "--publish-in-flight", paramLabel = "N", description = "Published batches awaiting Kafka's acknowledgement at once (default ${DEFAULT-VALUE}).")
    int publishInFlight = 4;

    @Option(names = "--index-threads", paramLabel = "N", description = "Threads building the HNSW graph (default ${DEFAULT-VALUE}).")
    int indexThreads = 2;

    @Option(names = "--index-ram-buffer-mb", paramLabel = "MB", description = "Indexing buffer before a segment is written; bigger = fewer "
            + "segments to merge (default ${DEFAULT-VALUE}; 1M x 64 dims buffers about 600 MB).")
    double indexRamBufferMb = 256;

    @Option(names = "--catch-up-timeout", paramLabel = "DURATION", defaultValue = "10m", description = "How long the index may take "
            + "to read what video-embeddings already holds before the load (default ${DEFAULT-VALUE}).")
    Duration catchUpTimeout;

    @Option(names = "--as-of", paramLabel = "INSTANT", description = "The moment video ages are computed for (default: now).")
    Instant asOf;

    @Option(names = "--untimed-start", paramLabel = "INSTANT", description = "Publish time of videos without one, as scripts/post "
            + "gives them (default ${DEFAULT-VALUE}).")
    Instant untimedStart = StreamPart.DEFAULT_UNTIMED_START;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    @Option(names = "--topic", paramLabel = "NAME", description = "The embeddings topic (default ${DEFAULT-VALUE}).")
    String topic = Topics.VIDEO_EMBEDDINGS;

    @Option(names = "--rollouts", paramLabel = "NAME", description = "The rollout topic naming the served version (default ${DEFAULT-VALUE}).")
    String rollouts = ModelRollout.TOPIC;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT", description = "Cassandra (default $CASSANDRA_CONTACT_POINTS or 127.0.0.1:9042).")
    String cassandra = env("CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042");

    @Option(names = "--dc", paramLabel = "NAME", description = "Cassandra's local data centre (default $CASSANDRA_LOCAL_DATACENTER or datacenter1).")
    String dc = env("CASSANDRA_LOCAL_DATACENTER", "datacenter1");

    @Option(names = "--redis", paramLabel = "URL", description = "Redis (default $REDIS_URL or redis://127.0.0.1:6379).")
    String redis = env("REDIS_URL", "redis://127.0.0.1:6379");

    @Override
    public void run() {
        var o = new CatalogueLoad.Options(dataset, model != null ? model : Cli.home().resolve("ml-artifacts/models"),
                indexDir != null ? indexDir : Cli.home().resolve("var/index"), bootstrap, topic, rollouts, cassandra, dc, redis,
                redisTimeout, chunk, new VideoBackfill.Settings(rowsPerBatch, cassandraInFlight), embedBatch, publishInFlight,
                indexThreads, indexRamBufferMb, catchUpTimeout, asOf != null ? asOf : Instant.now(), untimedStart,
                steps.isEmpty() ? EnumSet.noneOf(CatalogueLoad.Step.class) : EnumSet.copyOf(steps), cacheTtl);
        try {
            var r = CatalogueLoad.run(o, System.err);
            System.err.println("bulk-load: done: " + r.videos() + " videos"
                    + (r.stores() != null ? "; stores " + r.stores() : "")
                    + (r.embeddings() != null ? "; embeddings " + r.embeddings() : "")
                    + (r.index() != null ? "; index " + r.index() + ", " + r.indexSize() + " vectors at " + r.indexPath() : "")
                    + (r.cache() != null ? "; cache " + r.cache() + ", " + r.cached() + " cached" : ""));
            if (!r.interleaved().isEmpty()) {
                System.err.println("bulk-load: another writer published to " + topic + " during the load (partitions " + r.interleaved()
                        + "): feed-assembly reads those partitions again from the first such record");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
