package dev.reelrank.streamingfeatures;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming features job: reads the {@code interactions} topic and keeps, per video, totals and
 * 5 min / 1 h / 24 h windows of every counter plus CTR (Cassandra {@code reelrank.video_stream_stats}),
 * and per scope (global, each region) exponentially decayed trending (Redis {@code trend-decay:{scope}}).
 * Undecodable records go to {@code streaming-features-dead-letter}.
 *
 * <pre>
 * Kafka source (raw records) → decode ─┬─ side output: dead letters → Kafka sink
 *                                      └─ event time + watermarks ─┬─ keyBy video → VideoStatsFunction → Cassandra sink
 *                                                                  └─ per scope → keyBy (scope, video) → TrendingFunction → Redis sink
 * </pre>
 *
 * <p>Exactly once: the state (hashmap backend) and the Kafka offsets are checkpointed together
 * (retained on cancellation) and a restart resumes from the newest completed checkpoint, so each
 * event changes the state exactly once; the sinks write absolute values from state, flushed before
 * each checkpoint, so writes repeated after a restore are idempotent. After a restore the stores can
 * briefly show values older than before the crash, until the replay catches up.
 *
 * <p>Run embedded (local mode, one process) with {@code scripts/streaming-features}, or submit the
 * job jar ({@code -Pflink-cluster}: {@code target/*-flink.jar}) to a Flink cluster unchanged ({@code flink run},
 * restoring there with {@code -s <checkpoint>} and {@code restore=none}). Properties: see
 * {@link StreamingFeaturesConfig}.
 */
public final class StreamingFeaturesJob {
    private StreamingFeaturesJob() {}

    /**
     * Exits with 1 when the job cannot start or fails for good: the embedded cluster's non-daemon
     * threads would otherwise keep a failed process alive, and its supervisor (scripts/local, the
     * StatefulSet) restarts only a process that exits.
     */
    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Throwable e) {
            System.err.println("streaming-features: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        StreamingFeaturesConfig s = StreamingFeaturesConfig.load();
        long start = System.nanoTime();
        JobClient job = environment(s).executeAsync("streaming-features");
        awaitRunning(job);
        watchForStall(s);
        // scripts/local waits for this line: from here on the sources read and the sinks write.
        System.out.println("streaming-features: running, job " + job.getJobID());
        JobExecutionResult result = job.getJobExecutionResult().get();
        double seconds = (System.nanoTime() - start) / 1e9;
        Long events = result.getAccumulatorResult(DecodeInteractions.RECORDS);
        System.out.printf("streaming-features: finished: %d records in %.1f s (%.0f records/s)%n",
                events == null ? 0 : events, seconds, events == null ? 0 : events / seconds);
    }

    /** Exits the process when {@link StallWatch} says the job stopped checkpointing (local checkpoint dir only). */
    private static void watchForStall(StreamingFeaturesConfig s) {
        String dir = s.checkpointDir();
        if (s.stallTimeout().isZero() || (dir.contains("://") && !dir.startsWith("file:"))) return;
        Path local = Path.of(dir.replaceFirst("^file:(//)?", ""));
        var watch = new StallWatch(() -> Checkpoints.latestTime(local), s.stallTimeout(), Instant.now());
        long every = Math.max(1_000, s.stallTimeout().toMillis() / 10);
        var timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("stall-watch").unstarted(r));
        timer.scheduleWithFixedDelay(() -> {
            if (watch.stalled(Instant.now())) {
                System.err.println("streaming-features: no checkpoint completed for " + s.stallTimeout()
                        + "; exiting so the supervisor restarts the job from its last checkpoint");
                System.exit(1);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private static void awaitRunning(JobClient job) throws Exception {
        while (true) {
            JobStatus status = job.getJobStatus().get();
            if (status == JobStatus.RUNNING || status.isTerminalState()) return;
            Thread.sleep(100);   // no status callback in the client API
        }
    }

    /** Builds and starts the job without waiting (tests and embedding). */
    public static JobClient start(StreamingFeaturesConfig s) throws Exception {
        return environment(s).executeAsync("streaming-features");
    }

    /** The environment with the job's pipeline built into it. */
    public static StreamExecutionEnvironment environment(StreamingFeaturesConfig s) {
        boolean stores = s.sinks().equals("stores");
        return environment(s, stores ? new CassandraStatsSink(s) : new DiscardingSink<>(),
                stores ? new RedisTrendingSink(s) : new DiscardingSink<>());
    }

    /** The job with other sinks (tests). */
    static JobClient start(StreamingFeaturesConfig s, Sink<VideoStreamStats> stats, Sink<TrendScore> trending) throws Exception {
        return environment(s, stats, trending).executeAsync("streaming-features");
    }

    static StreamExecutionEnvironment environment(StreamingFeaturesConfig s, Sink<VideoStreamStats> stats, Sink<TrendScore> trending) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(s));
        env.setParallelism(s.parallelism());
        env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getConfig().enableObjectReuse();   // our functions keep no reference to their input
        build(env, s, stats, trending);
        return env;
    }

    static Configuration configuration(StreamingFeaturesConfig s) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.checkpointUri());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        restartStrategy(conf, s);
        String restore = restorePath(s);
        if (restore != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
            System.out.println("streaming-features: restoring from " + restore);
        } else {
            System.out.println("streaming-features: no checkpoint to restore; starting at " + s.startingOffsets());
        }
        return conf;
    }

    /**
     * An outage of a store fails a sink's flush, which fails the task (never the TaskManager: the
     * sinks throw only exceptions and do not wait on the store when closed); the job then restarts
     * from its last checkpoint, backing off exponentially, with no limit on attempts, so it comes
     * back by itself whenever the store does. The backoff resets after a stretch of healthy running.
     */
    static void restartStrategy(Configuration conf, StreamingFeaturesConfig s) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, s.restartInitialBackoff());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, s.restartMaxBackoff());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    }

    /** The checkpoint to resume from, per the {@code restore} property, or null. */
    static String restorePath(StreamingFeaturesConfig s) {
        return switch (s.restore()) {
            case "none" -> null;
            case "latest" -> s.checkpointDir().contains("://") && !s.checkpointDir().startsWith("file:")
                    ? null   // on a cluster's file system: restore with `flink run -s` instead
                    : Checkpoints.latest(Path.of(s.checkpointDir().replaceFirst("^file:(//)?", "")))
                            .map(p -> p.toAbsolutePath().toString()).orElse(null);
            default -> s.restore();
        };
    }

    static void build(StreamExecutionEnvironment env, StreamingFeaturesConfig s,
                      Sink<VideoStreamStats> statsSink, Sink<TrendScore> trendingSink) {
        var source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(s.bootstrapServers())
                .setTopics(s.topic())
                .setGroupId(s.groupId())
                .setStartingOffsets(startingOffsets(s.startingOffsets()))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", "streaming-features");
        if (s.bounded()) source.setBounded(OffsetsInitializer.latest());
        else source.setProperty("partition.discovery.interval.ms", "60000");

        SingleOutputStreamOperator<InteractionEvent> decoded = env
                .fromSource(source.build(), WatermarkStrategy.noWatermarks(), "kafka: " + s.topic()).uid("kafka-source")
                .process(new DecodeInteractions(s.progressInterval().toMillis())).uid("decode").name("decode");

        decoded.getSideOutput(DecodeInteractions.DEAD_LETTERS)
                .sinkTo(KafkaSink.<DeadLetter>builder()
                        .setBootstrapServers(s.bootstrapServers())
                        .setRecordSerializer(new DeadLetterSerializer(s.deadLetterTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build())
                .uid("dead-letter-sink").name("dead letters: " + s.deadLetterTopic());

        features(decoded, s, statsSink, trendingSink);
    }

    /** From decoded interactions on: event time, de-duplication, per-video stats and trending, the two store sinks. */
    static void features(DataStream<InteractionEvent> decoded, StreamingFeaturesConfig s,
                         Sink<VideoStreamStats> statsSink, Sink<TrendScore> trendingSink) {
        DataStream<InteractionEvent> timed = decoded.assignTimestampsAndWatermarks(
                WatermarkStrategy.<InteractionEvent>forBoundedOutOfOrderness(s.outOfOrderness())
                        .withTimestampAssigner((e, ts) -> e.eventTimeMillis())
                        .withIdleness(s.idleness()))
                .uid("event-time").name("event time");

        DataStream<InteractionEvent> counted = timed;
        if (!s.impressionDedupTtl().isZero()) {
            // Only impressions naming their request pass the keyed de-duplication; the rest skip the shuffle.
            var impressions = timed.filter(e -> e.countingKey() != null).uid("keyed-impressions").name("impressions with a request")
                    .keyBy(InteractionEvent::countingKey)
                    .process(new FirstImpressionOnly(s.impressionDedupTtl())).uid("impression-dedup").name("impression de-duplication");
            counted = timed.filter(e -> e.countingKey() == null).uid("other-interactions").name("other interactions").union(impressions);
        }

        var stats = counted.keyBy(InteractionEvent::videoId)
                .process(new VideoStatsFunction(s.flushInterval().toMillis(), s.bounded())).uid("video-stats").name("video stats");
        stats.sinkTo(statsSink)
                .uid("cassandra-sink").name("cassandra: video_stream_stats");

        var trending = counted.flatMap(new TrendContributions()).uid("trend-scopes").name("trend scopes")
                .keyBy(TrendContribution::key)
                .process(new TrendingFunction(s.flushInterval().toMillis(), s.halfLife().toMillis(), s.bounded())).uid("trending").name("trending");
        trending.sinkTo(trendingSink)
                .uid("redis-sink").name("redis: " + s.trendingKeyPrefix() + "*");
    }

    /** {@code committed} (else latest), {@code latest}, {@code earliest} or {@code timestamp:<epoch ms>}. */
    static OffsetsInitializer startingOffsets(String spec) {
        if (spec.startsWith("timestamp:")) return OffsetsInitializer.timestamp(Long.parseLong(spec.substring(10).trim()));
        return switch (spec) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "latest" -> OffsetsInitializer.latest();
            case "earliest" -> OffsetsInitializer.earliest();
            default -> throw new IllegalArgumentException("starting-offsets: committed, latest, earliest or timestamp:<ms>, not " + spec);
        };
    }
}
