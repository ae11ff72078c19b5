package dev.reelrank.eventarchive;

import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.tracing.ConsumerSpans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Copies every accepted event of the interactions and videos topics into the Parquet archive,
 * exactly once per CloudEvent source + id. Run it on a thread of its own; {@link #stop()} ends
 * it after a last flush.
 *
 * <p>The protocol, per Kafka partition and per batch of consecutive records:
 * <ol>
 *   <li>write the partition's {@link PartitionState} (the batch's first and last offset, and the
 *       recent identities before it) durably;</li>
 *   <li>write the batch's Parquet file(s), one per event date, to staging, fsync, and rename each
 *       to its deterministic name ({@link ArchiveLayout#dataFileName}); files of one batch in
 *       several date folders share that name;</li>
 *   <li>commit the offset after the batch to the consumer group.</li>
 * </ol>
 * Killed before 1: the batch is re-read from the committed offset. Killed between 1 and 3: the
 * next owner of the partition finds a state whose batch is not committed, seeks to its first
 * offset and writes exactly that batch again (same records, same de-duplication decisions, same
 * names), replacing whatever part of it had been renamed already. So nothing is lost and nothing
 * is archived twice. The state, not the committed offset, is the truth: everything before the
 * state's first offset is durable in the archive.
 *
 * <p>Any failure (broker gone, disk full) drops the in-memory buffers, closes the consumer without
 * committing and starts over after a pause, which is the same path as a restart.
 */
public final class EventArchiver implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventArchiver.class.getName());

    /** Called after a batch's files are durable and before its offsets are committed. */
    @FunctionalInterface
    public interface BatchObserver {
        BatchObserver NONE = (tp, first, last, rows) -> {};

        void filesDurable(TopicPartition tp, long firstOffset, long lastOffset, int rows);
    }

    private final ArchiveConfig settings;
    private final Pseudonymizer pseudonymizer;
    private final ArchiveLayout layout;
    private final ParquetFiles parquet;
    private final BatchObserver observer;
    private final ConsumerSpans spans;
    private final ArchiverStatus status = new ArchiverStatus();
    private volatile boolean stopping;

    public EventArchiver(ArchiveConfig settings, Pseudonymizer pseudonymizer) {
        this(settings, pseudonymizer, BatchObserver.NONE);
    }

    public EventArchiver(ArchiveConfig settings, Pseudonymizer pseudonymizer, BatchObserver observer) {
        this(settings, pseudonymizer, observer, ConsumerSpans.none());
    }

    /** @param spans where each record is archived in a span whose parent is its {@code ce_traceparent} */
    public EventArchiver(ArchiveConfig settings, Pseudonymizer pseudonymizer, BatchObserver observer, ConsumerSpans spans) {
        this.spans = spans;
        this.settings = settings;
        this.pseudonymizer = pseudonymizer;
        this.layout = new ArchiveLayout(settings.root());
        this.parquet = new ParquetFiles(settings.compression(), settings.zstdLevel(), settings.rowGroupBytes());
        this.observer = observer;
    }

    public ArchiverStatus status() {
        return status;
    }

    public ArchiveLayout layout() {
        return layout;
    }

    /** Asks the loop to finish: it flushes what it holds, commits and returns within a poll timeout. */
    public void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        status.running = true;
        if (status.lastCommit == null) status.lastCommit = Instant.now();
        try {
            while (!stopping) {
                try (var consumer = newConsumer()) {
                    consume(consumer);
                } catch (Exception e) {
                    status.joined = false;
                    status.assignedPartitions = 0;
                    status.lastError = Instant.now() + " " + e;
                    LOG.log(System.Logger.Level.ERROR, "archiver failed; rebuilding the consumer in "
                            + settings.retryBackoff() + " (nothing uncommitted is lost)", e);
                    pause();
                }
            }
        } finally {
            status.running = false;
            status.joined = false;
            status.assignedPartitions = 0;
        }
    }

    private void consume(KafkaConsumer<String, byte[]> consumer) throws IOException {
        var buffers = new HashMap<TopicPartition, PartitionBuffer>();
        consumer.subscribe(List.of(settings.interactionsTopic(), settings.videosTopic()), new Rebalance(consumer, buffers));
        while (!stopping) {
            var records = consumer.poll(settings.pollTimeout());
            status.lastPoll = Instant.now();
            for (TopicPartition tp : records.partitions()) {
                PartitionBuffer b = buffers.get(tp);
                if (b == null) continue;
                if (b.records.isEmpty()) b.firstBufferedAt = System.nanoTime();
                b.records.addAll(records.records(tp));
            }
            flushDue(consumer, buffers, false);
            relieve(consumer, buffers);
            status.buffered = buffered(buffers);
        }
        flushDue(consumer, buffers, true);
    }

    private void flushDue(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, PartitionBuffer> buffers, boolean all)
            throws IOException {
        var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (PartitionBuffer b : buffers.values()) {
            Batch batch;
            while ((batch = nextBatch(consumer, b, all)) != null) {
                archive(b, batch);
                commits.put(b.tp, new OffsetAndMetadata(batch.last + 1));
            }
        }
        commit(consumer, commits);
    }

    /** Commits the offsets after files made durable; nothing to do when no file was closed. */
    private void commit(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> commits) {
        if (commits.isEmpty()) return;
        consumer.commitSync(commits);
        status.commits.incrementAndGet();
        status.lastCommit = Instant.now();
    }

    private static int buffered(Map<TopicPartition, PartitionBuffer> buffers) {
        int n = 0;
        for (PartitionBuffer b : buffers.values()) n += b.records.size();
        return n;
    }

    /**
     * Bounds memory over all partitions: while more than {@code maxBufferedRecords} are held, the
     * fullest partition's records are archived now (a smaller file, sooner) rather than when its
     * size or interval says. A partition replaying an interrupted batch is left alone: its batch
     * must cover exactly the offsets it had.
     */
    private void relieve(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, PartitionBuffer> buffers) throws IOException {
        int total = buffered(buffers);
        if (total <= settings.maxBufferedRecords()) return;
        var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
        while (total > settings.maxBufferedRecords()) {
            PartitionBuffer fullest = null;
            for (PartitionBuffer b : buffers.values())
                if (b.replayLast < 0 && !b.records.isEmpty() && (fullest == null || b.records.size() > fullest.records.size())) fullest = b;
            if (fullest == null) break;
            var records = fullest.take(Math.min(fullest.records.size(), settings.maxRecordsPerFile()));
            archive(fullest, new Batch(records, records.getFirst().offset(), records.getLast().offset()));
            commits.put(fullest.tp, new OffsetAndMetadata(records.getLast().offset() + 1));
            total -= records.size();
            status.earlyFlushes.incrementAndGet();
        }
        commit(consumer, commits);
    }

    private record Batch(List<ConsumerRecord<String, byte[]>> records, long first, long last) {}

    /** The next batch of a partition that is due, or null. */
    private Batch nextBatch(KafkaConsumer<String, byte[]> consumer, PartitionBuffer b, boolean all) {
        if (b.replayLast >= 0) {
            // A replay must cover exactly the offsets of the interrupted batch, whatever the limits say now.
            int n = 0;
            while (n < b.records.size() && b.records.get(n).offset() <= b.replayLast) n++;
            boolean complete = n < b.records.size() || consumer.position(b.tp) > b.replayLast;
            if (!complete) return null;
            var batch = new Batch(b.take(n), b.replayFirst, b.replayLast);
            b.replayFirst = b.replayLast = -1;
            return batch;
        }
        if (b.records.isEmpty()) return null;
        int n;
        if (b.records.size() >= settings.maxRecordsPerFile()) n = settings.maxRecordsPerFile();
        else if (all || System.nanoTime() - b.firstBufferedAt >= settings.flushInterval().toNanos()) n = b.records.size();
        else return null;
        var records = b.take(n);
        return new Batch(records, records.getFirst().offset(), records.getLast().offset());
    }

    private void archive(PartitionBuffer b, Batch batch) throws IOException {
        var traced = spans.batch(b.tp.topic() + " archive");
        for (ConsumerRecord<String, byte[]> r : batch.records) traced.add(r.headers());
        try {
            archiveTraced(b, batch);
            traced.end(null);
        } catch (IOException | RuntimeException e) {
            traced.end(e);
            throw e;
        }
    }

    private void archiveTraced(PartitionBuffer b, Batch batch) throws IOException {
        long[] keysBefore = b.keys.snapshot();
        var batchKeys = new ArrayList<Long>();
        var byDate = new TreeMap<LocalDate, List<Object[]>>();
        for (ConsumerRecord<String, byte[]> r : batch.records) {
            LoggedEvent event;
            Object[] row;
            LocalDate date;
            try {
                event = LoggedEvent.fromRecord(r);
                row = b.table.toRow(event, pseudonymizer);
                date = b.table.partitionDate(event, r.timestamp());
            } catch (RuntimeException notOurs) {
                // Ingestion validated every accepted event, so this is someone else's record: skip it, visibly.
                status.rejected.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "skipping record " + b.tp + "@" + r.offset() + ": " + notOurs.getMessage());
                continue;
            }
            long identity = RecentKeys.identity(event.source().toString(), event.id());
            if (!b.keys.add(identity)) {
                status.duplicates.incrementAndGet();
                continue;
            }
            batchKeys.add(identity);
            byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(row);
        }

        // 1. The intent: from here on, this batch can be written again identically.
        Path stagedState = settings.stagingDir().resolve(stagingPrefix(b.tp) + "state.tmp");
        new PartitionState(batch.first, batch.last, keysBefore, batchKeys.stream().mapToLong(Long::longValue).toArray())
                .write(stagedState);
        DurableFiles.publish(stagedState, layout.stateFile(b.tp));

        // 2. The files, each complete and durable before it appears under its final name.
        var metadata = Map.of(
                "reelrank.table", b.table.folder,
                "reelrank.schema.version", Integer.toString(ArchiveTable.SCHEMA_VERSION),
                "reelrank.pseudonym.key-id", pseudonymizer.keyId(),
                "reelrank.kafka.topic", b.tp.topic(),
                "reelrank.kafka.partition", Integer.toString(b.tp.partition()),
                "reelrank.kafka.offsets", batch.first + "-" + batch.last);
        int rows = 0;
        for (var e : byDate.entrySet()) {
            Path staged = settings.stagingDir().resolve(stagingPrefix(b.tp) + e.getKey() + ".parquet.tmp");
            parquet.write(staged, b.table, e.getValue(), metadata);
            long size = Files.size(staged);
            DurableFiles.publish(staged, layout.dataFile(b.table, e.getKey(), b.tp.partition(), batch.first, batch.last));
            status.files.incrementAndGet();
            status.bytes.addAndGet(size);
            rows += e.getValue().size();
        }
        status.archived.addAndGet(rows);
        observer.filesDurable(b.tp, batch.first, batch.last, rows);
    }

    private static String stagingPrefix(TopicPartition tp) {
        return String.format("%s-p%03d-", tp.topic(), tp.partition());
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "event-archiver");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Events of an aborted producer transaction were never accepted.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putAll(settings.consumerOverrides());
        // Not negotiable: offsets move only after the files holding those events are durable.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private void pause() {
        long until = System.nanoTime() + settings.retryBackoff().toNanos();
        while (!stopping && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private static final class PartitionBuffer {
        final TopicPartition tp;
        final ArchiveTable table;
        final RecentKeys keys;
        final ArrayList<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long firstBufferedAt;
        long replayFirst = -1;
        long replayLast = -1;

        PartitionBuffer(TopicPartition tp, ArchiveTable table, RecentKeys keys) {
            this.tp = tp;
            this.table = table;
            this.keys = keys;
        }

        List<ConsumerRecord<String, byte[]>> take(int n) {
            var head = new ArrayList<>(records.subList(0, n));
            records.subList(0, n).clear();
            firstBufferedAt = System.nanoTime();
            return head;
        }
    }

    /** Loads each new partition's state (and replays an interrupted batch); drops revoked ones' buffers. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<TopicPartition, PartitionBuffer> buffers;

        Rebalance(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, PartitionBuffer> buffers) {
            this.consumer = consumer;
            this.buffers = buffers;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Uncommitted by definition: the next owner reads them again from the committed offset.
            partitions.forEach(buffers::remove);
            status.assignedPartitions = buffers.size();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            status.joined = true;
            if (partitions.isEmpty()) return;
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                try {
                    buffers.put(tp, resume(tp, committed.get(tp)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the archiver state of " + tp, e);
                }
            }
            status.assignedPartitions = buffers.size();
        }

        private PartitionBuffer resume(TopicPartition tp, OffsetAndMetadata committed) throws IOException {
            clearStaging(tp);
            PartitionState state = PartitionState.read(layout.stateFile(tp));
            var b = new PartitionBuffer(tp, settings.tableOf(tp.topic()), new RecentKeys(settings.dedupWindow()));
            b.keys.addAll(state.keysBefore());
            if (state.hasBatch() && (committed == null || committed.offset() <= state.last())) {
                LOG.log(System.Logger.Level.INFO, tp + ": writing the interrupted batch " + state.first() + ".." + state.last()
                        + " again (committed: " + (committed == null ? "none" : committed.offset()) + ")");
                consumer.seek(tp, state.first());
                b.replayFirst = state.first();
                b.replayLast = state.last();
            } else {
                b.keys.addAll(state.batchKeys());
            }
            return b;
        }

        private void clearStaging(TopicPartition tp) throws IOException {
            Path dir = settings.stagingDir();
            if (!Files.isDirectory(dir)) return;
            String prefix = stagingPrefix(tp);
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList())
                    Files.deleteIfExists(f);
            }
        }
    }
}
