package dev.reelrank.streamingfeatures;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every tunable of the streaming features job. Each is read from a system property
 * ({@code -Dreelrank.streaming.<name>=...}), else from the environment variable named in brackets,
 * else the default:
 *
 * <table>
 *   <caption>properties</caption>
 *   <tr><th>property</th><th>env</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>bootstrap-servers</td><td>KAFKA_BOOTSTRAP_SERVERS</td><td>127.0.0.1:9092</td><td>Kafka brokers</td></tr>
 *   <tr><td>topic</td><td>STREAMING_FEATURES_TOPIC</td><td>interactions</td><td>topic read (a scratch topic for benchmarks)</td></tr>
 *   <tr><td>group-id</td><td>STREAMING_FEATURES_GROUP_ID</td><td>streaming-features</td><td>consumer group; offsets are committed to it on each checkpoint (for monitoring; restarts take offsets from the checkpoint)</td></tr>
 *   <tr><td>starting-offsets</td><td>STREAMING_FEATURES_STARTING_OFFSETS</td><td>committed</td><td>where a job with no checkpoint starts: {@code committed} (the group's offsets, else the beginning: a first start counts all the topic retains, as the archive does), {@code latest}, {@code earliest}, or {@code timestamp:<epoch ms>}</td></tr>
 *   <tr><td>bounded</td><td>STREAMING_FEATURES_BOUNDED</td><td>false</td><td>stop at the end offsets seen at start (benchmarks on a backlog)</td></tr>
 *   <tr><td>dead-letter-topic</td><td>STREAMING_FEATURES_DEAD_LETTER_TOPIC</td><td>streaming-features-dead-letter</td><td>where undecodable records go, with a reason header</td></tr>
 *   <tr><td>cassandra-contact-point</td><td>CASSANDRA_CONTACT_POINTS</td><td>127.0.0.1:9042</td><td>host:port (first of a comma list)</td></tr>
 *   <tr><td>cassandra-local-datacenter</td><td>CASSANDRA_LOCAL_DATACENTER</td><td>datacenter1</td><td>the driver's local data centre</td></tr>
 *   <tr><td>redis-url</td><td>REDIS_URL</td><td>redis://127.0.0.1:6379</td><td>Redis for trending</td></tr>
 *   <tr><td>trending-key-prefix</td><td>STREAMING_FEATURES_TRENDING_PREFIX</td><td>trend-decay:</td><td>trending sorted set of scope {@code s} is {@code <prefix><s>}; not {@code trend:}, whose keys are RedisSignals' time buckets</td></tr>
 *   <tr><td>trending-max-size</td><td>STREAMING_FEATURES_TRENDING_MAX_SIZE</td><td>1000</td><td>members kept per trending set (lowest trimmed)</td></tr>
 *   <tr><td>half-life</td><td>STREAMING_FEATURES_HALF_LIFE</td><td>PT1H</td><td>trending half-life (ISO-8601 duration)</td></tr>
 *   <tr><td>flush-interval</td><td>STREAMING_FEATURES_FLUSH_INTERVAL</td><td>PT1S</td><td>each video's row and each trending member is written at most once per interval</td></tr>
 *   <tr><td>out-of-orderness</td><td>STREAMING_FEATURES_OUT_OF_ORDERNESS</td><td>PT10S</td><td>watermark lag behind the newest event time</td></tr>
 *   <tr><td>idleness</td><td>STREAMING_FEATURES_IDLENESS</td><td>PT30S</td><td>a reader with no events this long stops holding the watermark back</td></tr>
 *   <tr><td>checkpoint-dir</td><td>STREAMING_FEATURES_CHECKPOINT_DIR</td><td>var/streaming-features/checkpoints</td><td>local directory (or any Flink file system URI) of retained checkpoints</td></tr>
 *   <tr><td>checkpoint-interval</td><td>STREAMING_FEATURES_CHECKPOINT_INTERVAL</td><td>PT1M</td><td>time between checkpoints: the hashmap backend writes the whole state each time (~320 MB on the 1M-video world), so this bounds its cost; a crash replays at most this much of the topic, exactly once all the same, and the group's committed offsets advance once per checkpoint</td></tr>
 *   <tr><td>restore</td><td>STREAMING_FEATURES_RESTORE</td><td>latest</td><td>{@code latest}: resume from the newest completed checkpoint under checkpoint-dir; {@code none}; or a checkpoint/savepoint path</td></tr>
 *   <tr><td>parallelism</td><td>STREAMING_FEATURES_PARALLELISM</td><td>2</td><td>operator parallelism (local mode: also the task slots)</td></tr>
 *   <tr><td>sinks</td><td>STREAMING_FEATURES_SINKS</td><td>stores</td><td>{@code stores}: Cassandra and Redis; {@code discard}: compute and drop (benchmarking the engine without the stores)</td></tr>
 *   <tr><td>impression-dedup-ttl</td><td>STREAMING_FEATURES_IMPRESSION_DEDUP_TTL</td><td>PT1H</td><td>an impression naming its request counts once per (user, request, video) within this long (processing time) of the first one: feed-assembly's served impression and the client's of one item are one exposure ({@code ServedImpressions}); PT0S: no de-duplication</td></tr>
 *   <tr><td>progress-interval</td><td>STREAMING_FEATURES_PROGRESS_INTERVAL</td><td>PT30S</td><td>how often the embedded job prints one progress line (PT0S: never)</td></tr>
 *   <tr><td>restart-initial-backoff</td><td>STREAMING_FEATURES_RESTART_INITIAL_BACKOFF</td><td>PT1S</td><td>after a failure (a store down fails a sink's flush) the job restarts from its last checkpoint after this long, doubling per failure in a row, with no limit on attempts</td></tr>
 *   <tr><td>restart-max-backoff</td><td>STREAMING_FEATURES_RESTART_MAX_BACKOFF</td><td>PT1M</td><td>the longest wait between two restarts, i.e. how late at most the job notices a store is back</td></tr>
 *   <tr><td>stall-timeout</td><td>STREAMING_FEATURES_STALL_TIMEOUT</td><td>PT10M</td><td>embedded mode only: with no checkpoint completed for this long the process exits with 1, so its supervisor restarts it from the last checkpoint (a last resort for an embedded cluster that cannot run the job any more, e.g. one that lost its TaskManager); PT0S: never</td></tr>
 * </table>
 */
public record StreamingFeaturesConfig(
        String bootstrapServers, String topic, String groupId, String startingOffsets, boolean bounded,
        String deadLetterTopic, String cassandraContactPoint, String cassandraLocalDatacenter, String redisUrl,
        String trendingKeyPrefix, int trendingMaxSize, Duration halfLife, Duration flushInterval,
        Duration outOfOrderness, Duration idleness, String checkpointDir, Duration checkpointInterval,
        String restore, int parallelism, Duration progressInterval, String sinks, Duration impressionDedupTtl,
        Duration restartInitialBackoff, Duration restartMaxBackoff, Duration stallTimeout) implements Serializable {

    public static final String PREFIX = "reelrank.streaming.";
    public static final String DEAD_LETTER_TOPIC = "streaming-features-dead-letter";

    /** From system properties and the environment. */
    public static StreamingFeaturesConfig load() {
        return load(name -> System.getProperty(PREFIX + name), System.getenv());
    }

    /** From {@code props} (keys without the prefix), then {@code env}. */
    public static StreamingFeaturesConfig load(UnaryOperator<String> props, Map<String, String> env) {
        var r = new Reader(props, env);
        return new StreamingFeaturesConfig(
                r.get("bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                r.get("topic", "STREAMING_FEATURES_TOPIC", "interactions"),
                r.get("group-id", "STREAMING_FEATURES_GROUP_ID", "streaming-features"),
                r.get("starting-offsets", "STREAMING_FEATURES_STARTING_OFFSETS", "committed"),
                Boolean.parseBoolean(r.get("bounded", "STREAMING_FEATURES_BOUNDED", "false")),
                r.get("dead-letter-topic", "STREAMING_FEATURES_DEAD_LETTER_TOPIC", DEAD_LETTER_TOPIC),
                r.get("cassandra-contact-point", "CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042").split(",")[0].trim(),
                r.get("cassandra-local-datacenter", "CASSANDRA_LOCAL_DATACENTER", "datacenter1"),
                r.get("redis-url", "REDIS_URL", "redis://127.0.0.1:6379"),
                r.get("trending-key-prefix", "STREAMING_FEATURES_TRENDING_PREFIX", "trend-decay:"),
                Integer.parseInt(r.get("trending-max-size", "STREAMING_FEATURES_TRENDING_MAX_SIZE", "1000")),
                Duration.parse(r.get("half-life", "STREAMING_FEATURES_HALF_LIFE", "PT1H")),
                Duration.parse(r.get("flush-interval", "STREAMING_FEATURES_FLUSH_INTERVAL", "PT1S")),
                Duration.parse(r.get("out-of-orderness", "STREAMING_FEATURES_OUT_OF_ORDERNESS", "PT10S")),
                Duration.parse(r.get("idleness", "STREAMING_FEATURES_IDLENESS", "PT30S")),
                r.get("checkpoint-dir", "STREAMING_FEATURES_CHECKPOINT_DIR", "var/streaming-features/checkpoints"),
                Duration.parse(r.get("checkpoint-interval", "STREAMING_FEATURES_CHECKPOINT_INTERVAL", "PT1M")),
                r.get("restore", "STREAMING_FEATURES_RESTORE", "latest"),
                Integer.parseInt(r.get("parallelism", "STREAMING_FEATURES_PARALLELISM", "2")),
                Duration.parse(r.get("progress-interval", "STREAMING_FEATURES_PROGRESS_INTERVAL", "PT30S")),
                r.get("sinks", "STREAMING_FEATURES_SINKS", "stores"),
                Duration.parse(r.get("impression-dedup-ttl", "STREAMING_FEATURES_IMPRESSION_DEDUP_TTL", "PT1H")),
                Duration.parse(r.get("restart-initial-backoff", "STREAMING_FEATURES_RESTART_INITIAL_BACKOFF", "PT1S")),
                Duration.parse(r.get("restart-max-backoff", "STREAMING_FEATURES_RESTART_MAX_BACKOFF", "PT1M")),
                Duration.parse(r.get("stall-timeout", "STREAMING_FEATURES_STALL_TIMEOUT", "PT10M")));
    }

    public StreamingFeaturesConfig {
        if (flushInterval.toMillis() <= 0) throw new IllegalArgumentException("flush-interval must be > 0");
        if (halfLife.toMillis() <= 0) throw new IllegalArgumentException("half-life must be > 0");
        if (parallelism <= 0) throw new IllegalArgumentException("parallelism must be > 0");
        if (!sinks.equals("stores") && !sinks.equals("discard")) throw new IllegalArgumentException("sinks: stores or discard, not " + sinks);
        if (trendingMaxSize <= 0) throw new IllegalArgumentException("trending-max-size must be > 0");
        if (impressionDedupTtl.isNegative()) throw new IllegalArgumentException("impression-dedup-ttl must be >= 0");
        if (restartInitialBackoff.toMillis() <= 0) throw new IllegalArgumentException("restart-initial-backoff must be > 0");
        if (restartMaxBackoff.compareTo(restartInitialBackoff) < 0) throw new IllegalArgumentException("restart-max-backoff must be >= restart-initial-backoff");
        if (stallTimeout.isNegative() || (!stallTimeout.isZero() && stallTimeout.compareTo(checkpointInterval) <= 0))
            throw new IllegalArgumentException("stall-timeout must be PT0S or longer than checkpoint-interval");
    }

    /** The checkpoint directory as a URI Flink accepts (a plain path becomes an absolute file: URI). */
    public String checkpointUri() {
        return checkpointDir.contains("://") ? checkpointDir : Path.of(checkpointDir).toAbsolutePath().toUri().toString();
    }

    private record Reader(UnaryOperator<String> props, Map<String, String> env) {
        String get(String name, String envName, String fallback) {
            String v = props.apply(name);
            if (v == null || v.isBlank()) v = env.get(envName);
            return v == null || v.isBlank() ? fallback : v.trim();
        }
    }
}
