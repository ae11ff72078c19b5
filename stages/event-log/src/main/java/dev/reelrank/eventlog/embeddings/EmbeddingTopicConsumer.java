package dev.reelrank.eventlog.embeddings;

import dev.reelrank.eventlog.Topics;
import dev.reelrank.model.VectorIndex;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Builds and maintains one model version's index from the compacted {@code video-embeddings}
 * topic, in one of two modes:
 *
 * <ul>
 *   <li>private ({@link #EmbeddingTopicConsumer(Config, VectorIndex, OffsetCheckpoint)}), for an
 *   index each replica holds itself (the embedded one): every replica reads every partition
 *   (manual assignment, no consumer group, no committed group offsets), so all replicas converge
 *   on the same index. The next offset per partition is saved through an {@link OffsetCheckpoint}
 *   beside the persisted index, so a restart resumes where the last checkpoint left off.</li>
 *   <li>shared ({@link #sharedGroup}), for an index all replicas share (Qdrant): the replicas
 *   form one consumer group and split the partitions, so each record is written once, not once
 *   per replica. Offsets are committed to the group in Kafka after each batch's writes were
 *   acknowledged by the index, never before, so a crash replays rather than skips.</li>
 * </ul>
 * Either way replaying a little more is harmless: applying a record twice gives the same index
 * (upserts and deletes are keyed by video id).
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
    /** Null in private mode; the consumer group's id in shared mode. */
    private final String groupId;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CountDownLatch running;
    private final AtomicLong records = new AtomicLong(), upserts = new AtomicLong(), deletes = new AtomicLong(),
            otherVersions = new AtomicLong(), malformed = new AtomicLong();
    private int dimension;
    private boolean dirty;

    public EmbeddingTopicConsumer(Config config, VectorIndex index, OffsetCheckpoint checkpoint) {
        this(config, index, checkpoint, null);
    }

    /**
     * Shared mode: the replicas subscribed under {@code groupId} split the topic's partitions
     * between them. Use one group per index (per model version's collection): a group's offsets
     * describe what that index holds.
     */
    public static EmbeddingTopicConsumer sharedGroup(Config config, VectorIndex index, String groupId) {
        if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("groupId is required in shared mode");
        return new EmbeddingTopicConsumer(config, index, null, groupId);
    }

    private EmbeddingTopicConsumer(Config config, VectorIndex index, OffsetCheckpoint checkpoint, String groupId) {
        this.config = config;
        this.groupId = groupId;
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
        // Offsets are saved only after the index applied their records, never by a timer.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Private mode has no group: its offsets live beside the index, never in Kafka.
        if (groupId == null) props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        else props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(config.topic(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty())
                throw new IllegalStateException("topic " + config.topic() + " does not exist on " + config.bootstrapServers());
            this.partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (groupId != null) {
                // The group's committed offsets (or the beginning, for a new group) decide where each partition resumes.
                consumer.subscribe(List.of(config.topic()));
                LOG.log(System.Logger.Level.INFO, "vector index {0}: consuming {1} ({2} partitions) in shared group {3}",
                        config.modelVersion(), config.topic(), partitions.size(), groupId);
                return;
            }
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
        if (groupId != null) return groupReached(end);
        for (TopicPartition tp : partitions) if (consumer.position(tp) < end.get(tp)) return false;
        return true;
    }

    /**
     * Shared mode: the index is complete when the group, whichever member owns a partition, has
     * committed at least the end offset of every partition; commits follow acknowledged writes.
     */
    private boolean groupReached(Map<TopicPartition, Long> end) {
        checkpoint();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // A fresh broker creates its offsets topic on the first group's use, and a coordinator
            // moves or loads: not knowing yet is "not reached", retried until the caller's deadline.
            LOG.log(System.Logger.Level.INFO, "vector index {0}: the group''s committed offsets are not known yet ({1})",
                    config.modelVersion(), e.getMessage());
            return false;
        }
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            if (end.get(tp) > 0 && (c == null || c.offset() < end.get(tp))) return false;
        }
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
                // A Kafka commit is cheap next to a Lucene commit's fsync: shared mode commits every batch.
                if (groupId != null || System.nanoTime() - lastCheckpoint >= config.checkpointInterval().toNanos()) {
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
        Set<TopicPartition> owned = groupId == null ? Set.copyOf(partitions) : consumer.assignment();
        if (groupId != null) {
            // A partition handed to another member is no longer ours to commit.
            Set<Integer> ownedIds = owned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
            nextOffsets.keySet().retainAll(ownedIds);
        }
        for (TopicPartition tp : owned) {
            long pos = consumer.position(tp);
            Long old = nextOffsets.put(tp.partition(), pos);
            if (old == null || old != pos) dirty = true;
        }
    }

    private void checkpoint() {
        if (!dirty) return;
        if (groupId == null) {
            checkpoint.save(config.topic(), Map.copyOf(nextOffsets));
        } else {
            // Every offset here was polled and its batch applied (the index call returned) before this commit.
            var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
            nextOffsets.forEach((p, o) -> offsets.put(new TopicPartition(config.topic(), p), new OffsetAndMetadata(o)));
            try {
                if (!offsets.isEmpty()) consumer.commitSync(offsets);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // The coordinator did not answer in time; the offsets stay dirty and go with the next commit.
                LOG.log(System.Logger.Level.INFO, "vector index {0}: commit deferred, the group coordinator did not answer ({1})",
                        config.modelVersion(), e.getMessage());
                return;
            } catch (RebalanceInProgressException | CommitFailedException e) {
                // A member joined or left: the next poll rejoins, and whoever owns a partition then
                // replays from the last committed offset (idempotent writes), so nothing is skipped.
                LOG.log(System.Logger.Level.INFO, "vector index {0}: commit deferred by a group rebalance ({1})",
                        config.modelVersion(), e.getClass().getSimpleName());
                return;
            }
        }
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
