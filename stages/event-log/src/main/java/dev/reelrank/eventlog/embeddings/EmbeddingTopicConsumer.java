package dev.reelrank.eventlog.embeddings;

import dev.reelrank.eventlog.Topics;
import dev.reelrank.model.VectorIndex;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Builds and maintains one model version's index from the compacted {@code video-embeddings}
 * topic. Every replica reads every partition itself (manual assignment, no consumer group, no
 * committed group offsets): all replicas converge on the same index. The next offset per
 * partition is saved through an {@link OffsetCheckpoint} beside the persisted index, so a
 * restart resumes where the last checkpoint left off; replaying a little more is harmless since
 * applying a record twice gives the same index.
 *
 * <p>Use either {@link #catchUp(Duration)} (read to the end offsets seen at the call, then
 * checkpoint) or {@link #run()} on a thread of its own until {@link #close()}.
 */
public final class EmbeddingTopicConsumer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddingTopicConsumer.class.getName());

    /**
     * @param bootstrapServers   Kafka, e.g. {@code 127.0.0.1:9092} (env KAFKA_BOOTSTRAP_SERVERS)
     * @param topic              {@link Topics#VIDEO_EMBEDDINGS} unless testing
     * @param modelVersion       the only {@code model_version} applied; others are skipped
     * @param dimension          expected vector size; 0 takes it from the first applied vector
     * @param maxPollRecords     records per poll = per index batch (bigger batches index faster
     *                           on catch-up and delay visibility a little more)
     * @param pollTimeout        how long one poll waits for records when caught up
     * @param checkpointInterval how often {@link #run()} saves offsets (each is a Lucene commit: fsync)
     * @param overrides          any other consumer setting
     */
    public record Config(String bootstrapServers, String topic, String modelVersion, int dimension, int maxPollRecords,
                         Duration pollTimeout, Duration checkpointInterval, Map<String, Object> overrides) {
        public Config {
            if (modelVersion == null || modelVersion.isEmpty()) throw new IllegalArgumentException("modelVersion is required");
            if (maxPollRecords <= 0) throw new IllegalArgumentException("maxPollRecords must be > 0");
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }

        public static Config defaults(String bootstrapServers, String modelVersion) {
            return new Config(bootstrapServers, Topics.VIDEO_EMBEDDINGS, modelVersion, 0, 2000,
                    Duration.ofMillis(500), Duration.ofSeconds(10), Map.of());
        }
    }

    /** Counters since start. */
    public record Stats(long records, long upserts, long deletes, long otherVersions, long malformed) {}

    private final Config config;
    private final VectorIndex index;
    private final OffsetCheckpoint checkpoint;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<Integer, Long> nextOffsets = new HashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CountDownLatch running;
    private final AtomicLong records = new AtomicLong(), upserts = new AtomicLong(), deletes = new AtomicLong(),
            otherVersions = new AtomicLong(), malformed = new AtomicLong();
    private int dimension;
    private boolean dirty;

    public EmbeddingTopicConsumer(Config config, VectorIndex index, OffsetCheckpoint checkpoint) {
        this.config = config;
        this.index = index;
        this.checkpoint = checkpoint;
        // An index that already holds vectors knows its dimension better than the first record does.
        this.dimension = config.dimension() > 0 ? config.dimension() : index.dimension().orElse(0);
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelrank-vector-index-" + config.modelVersion());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(config.overrides());
        // No group: offsets live beside the index, never in Kafka.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(config.topic(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty())
                throw new IllegalStateException("topic " + config.topic() + " does not exist on " + config.bootstrapServers());
            this.partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<Integer, Long> saved = checkpoint.load(config.topic());
            for (TopicPartition tp : partitions) {
                Long next = saved.get(tp.partition());
                if (next == null) consumer.seekToBeginning(List.of(tp));
                else consumer.seek(tp, next);
            }
            LOG.log(System.Logger.Level.INFO, "vector index {0}: consuming {1} ({2} partitions) from {3}",
                    config.modelVersion(), config.topic(), partitions.size(), saved.isEmpty() ? "the beginning" : "saved offsets " + saved);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /**
     * Applies every record up to the end offsets as of this call, then checkpoints.
     *
     * @return the records read by this call
     * @throws TimeoutException if the end was not reached in time (what was applied stays applied)
     */
    public long catchUp(Duration timeout) throws TimeoutException {
        long before = records.get();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                checkpoint();
                throw new TimeoutException("not caught up with " + config.topic() + " after " + timeout + ": at " + nextOffsets + ", end " + end);
            }
            pollOnce();
        }
        checkpoint();
        return records.get() - before;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) if (consumer.position(tp) < end.get(tp)) return false;
        return true;
    }

    /** Polls and applies until {@link #close()}; checkpoints every {@link Config#checkpointInterval()}. */
    public void run() {
        running = new CountDownLatch(1);
        try {
            long lastCheckpoint = System.nanoTime();
            while (!stopping.get()) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    break;
                }
                if (System.nanoTime() - lastCheckpoint >= config.checkpointInterval().toNanos()) {
                    checkpoint();
                    lastCheckpoint = System.nanoTime();
                }
            }
            checkpoint();
        } finally {
            running.countDown();
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, byte[]> polled = consumer.poll(config.pollTimeout());
        if (!polled.isEmpty()) {
            var batch = new ChangeBatch();
            for (ConsumerRecord<String, byte[]> r : polled) {
                EmbeddingChange c = EmbeddingChange.of(r, config.modelVersion(), dimension);
                if (c instanceof EmbeddingChange.Upsert u && dimension == 0) dimension = u.entry().vector().length;
                if (c instanceof EmbeddingChange.Skip s && s.malformed())
                    LOG.log(System.Logger.Level.WARNING, "skipping {0}-{1}@{2}: {3}", r.topic(), r.partition(), r.offset(), s.reason());
                batch.add(c);
            }
            batch.applyTo(index);
            records.addAndGet(polled.count());
            upserts.addAndGet(batch.upserts().size());
            deletes.addAndGet(batch.deletes().size());
            malformed.addAndGet(batch.malformed());
            otherVersions.addAndGet(batch.skipped() - batch.malformed());
            dirty = true;
        }
        // Positions, not last record + 1: compaction gaps and control records move them too.
        for (TopicPartition tp : partitions) {
            long pos = consumer.position(tp);
            Long old = nextOffsets.put(tp.partition(), pos);
            if (old == null || old != pos) dirty = true;
        }
    }

    private void checkpoint() {
        if (!dirty) return;
        checkpoint.save(config.topic(), Map.copyOf(nextOffsets));
        dirty = false;
    }

    public Stats stats() {
        return new Stats(records.get(), upserts.get(), deletes.get(), otherVersions.get(), malformed.get());
    }

    /** Next offset per partition as of the last poll. */
    public Map<Integer, Long> positions() {
        return Map.copyOf(nextOffsets);
    }

    /** Stops {@link #run()} (waiting for its last checkpoint) and closes the Kafka consumer. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        stopping.set(true);
        CountDownLatch r = running;
        if (r != null) {
            consumer.wakeup();
            try {
                r.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
