package dev.reelrank.eventarchive;

import dev.reelrank.eventlog.LoggedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Archives events that arrive one per HTTP request (a Knative KafkaSource holds the consumer and
 * commits its offset once we answer 200), in batches gathered by the caller. There are no Kafka
 * offsets here, so a batch is numbered by a sequence of its own and written as the pseudo-partition
 * {@link #LANE_PARTITION}, whose file names cannot collide with those of the Kafka binding.
 *
 * <p>The protocol per batch {@code n}, with the same {@link PartitionState} file the Kafka path uses:
 * <ol>
 *   <li>write the intent {@code (n, n, keysBefore, batchKeys)} durably;</li>
 *   <li>write the batch's files (one per table and event date), each named for {@code n};</li>
 *   <li>write the commit {@code (-1, n, keysBefore + batchKeys, [])}: "no batch in flight, n was the last";</li>
 *   <li>only now does {@link #archive} return, so only now may the caller answer 200.</li>
 * </ol>
 * Where the Kafka path replays an interrupted batch from its offsets, this one rolls it back: the
 * events of an uncommitted batch were never acknowledged, so their senders deliver them again; the
 * batch's files are deleted and its identities forgotten. That happens on start and after any
 * failure of a batch (the state on disk is then unknown), before the next batch is written.
 *
 * <p>One lane per archive root: two replicas of the function must not share a root (the lane's
 * state and file names would collide), so the HTTP binding runs as a single replica.
 */
public final class DeliveryArchive {
    /** The pseudo-partition of HTTP deliveries in file names and metadata; far above any real partition count. */
    public static final int LANE_PARTITION = 999;
    static final TopicPartition LANE = new TopicPartition("http-deliveries", LANE_PARTITION);

    /** One delivered event; {@code receivedAtMillis} dates it when it carries no time of its own. */
    public record Delivery(LoggedEvent event, long receivedAtMillis) {}

    /** What became of a delivery. */
    public enum Outcome { ARCHIVED, DUPLICATE }

    private final ArchiveConfig settings;
    private final Pseudonymizer pseudonymizer;
    private final ArchiveLayout layout;
    private final ParquetFiles parquet;
    private final ArchiverStatus status = new ArchiverStatus();
    private RecentKeys keys;
    private long lastBatch;
    private boolean loaded;

    public DeliveryArchive(ArchiveConfig settings, Pseudonymizer pseudonymizer) {
        this.settings = settings;
        this.pseudonymizer = pseudonymizer;
        this.layout = new ArchiveLayout(settings.root());
        this.parquet = new ParquetFiles(settings.compression(), settings.zstdLevel(), settings.rowGroupBytes());
    }

    public ArchiverStatus status() {
        return status;
    }

    /**
     * Why this event can never be archived (not an archived type, or its row cannot be built), or
     * null when it can. Checked per delivery before batching, so one poison event cannot fail a batch.
     */
    public String problem(LoggedEvent event) {
        try {
            ArchiveTable table = ArchiveTable.of(event.type());
            table.toRow(event, pseudonymizer);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** Counts an event the caller dead-lettered, for the status page. */
    public void rejected() {
        status.rejected.incrementAndGet();
    }

    /** Reads the lane's state and rolls back an unfinished batch; {@link #archive} does it first when needed. */
    public synchronized void recover() throws IOException {
        PartitionState state = PartitionState.read(layout.stateFile(LANE));
        var recovered = new RecentKeys(settings.dedupWindow());
        recovered.addAll(state.keysBefore());
        clearStaging();
        if (state.hasBatch()) {
            deleteBatchFiles(state.first());
            commitState(state.first(), recovered);
            status.lastError = "rolled back unacknowledged batch " + state.first();
        }
        keys = recovered;
        lastBatch = state.hasBatch() ? state.first() : Math.max(0, state.last());
        loaded = true;
    }

    /**
     * Writes the batch durably and returns one outcome per delivery, in order. Throws when it could
     * not: then nothing of the batch counts as archived and the senders must deliver it again.
     */
    public synchronized List<Outcome> archive(List<Delivery> batch) throws IOException {
        if (!loaded) recover();
        long n = lastBatch + 1;
        long[] keysBefore = keys.snapshot();
        var next = new RecentKeys(settings.dedupWindow());
        next.addAll(keysBefore);
        var outcomes = new ArrayList<Outcome>(batch.size());
        var batchKeys = new ArrayList<Long>();
        var files = new TreeMap<ArchiveTable, TreeMap<LocalDate, List<Object[]>>>();
        for (Delivery d : batch) {
            LoggedEvent event = d.event();
            long identity = RecentKeys.identity(event.source().toString(), event.id());
            if (!next.add(identity)) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            ArchiveTable table = ArchiveTable.of(event.type());
            Object[] row = table.toRow(event, pseudonymizer);
            LocalDate date = table.partitionDate(event, d.receivedAtMillis());
            files.computeIfAbsent(table, t -> new TreeMap<>()).computeIfAbsent(date, x -> new ArrayList<>()).add(row);
            batchKeys.add(identity);
            outcomes.add(Outcome.ARCHIVED);
        }
        int duplicates = batch.size() - batchKeys.size();
        if (batchKeys.isEmpty()) {
            // Nothing new: every delivery is already in a committed file.
            status.duplicates.addAndGet(duplicates);
            return outcomes;
        }
        loaded = false; // until the commit below is durable, the state on disk is unknown
        Path stagedState = settings.stagingDir().resolve(stagingPrefix() + "state.tmp");
        new PartitionState(n, n, keysBefore, batchKeys.stream().mapToLong(Long::longValue).toArray()).write(stagedState);
        DurableFiles.publish(stagedState, layout.stateFile(LANE));

        int rows = 0;
        for (var t : files.entrySet()) {
            ArchiveTable table = t.getKey();
            var metadata = Map.of(
                    "reelrank.table", table.folder,
                    "reelrank.schema.version", Integer.toString(ArchiveTable.SCHEMA_VERSION),
                    "reelrank.pseudonym.key-id", pseudonymizer.keyId(),
                    "reelrank.delivery", "http",
                    "reelrank.kafka.partition", Integer.toString(LANE_PARTITION),
                    "reelrank.http.batch", Long.toString(n));
            for (var e : t.getValue().entrySet()) {
                Path staged = settings.stagingDir().resolve(stagingPrefix() + table.folder + "-" + e.getKey() + ".parquet.tmp");
                parquet.write(staged, table, e.getValue(), metadata);
                long size = Files.size(staged);
                DurableFiles.publish(staged, layout.dataFile(table, e.getKey(), LANE_PARTITION, n, n));
                status.files.incrementAndGet();
                status.bytes.addAndGet(size);
                rows += e.getValue().size();
            }
        }
        commitState(n, next);
        keys = next;
        lastBatch = n;
        loaded = true;
        status.archived.addAndGet(rows);
        status.duplicates.addAndGet(duplicates);
        status.commits.incrementAndGet();
        return outcomes;
    }

    private void commitState(long n, RecentKeys committed) throws IOException {
        Path staged = settings.stagingDir().resolve(stagingPrefix() + "state.tmp");
        new PartitionState(-1, n, committed.snapshot(), new long[0]).write(staged);
        DurableFiles.publish(staged, layout.stateFile(LANE));
    }

    /** Files of one batch share their name across the table and date folders. */
    private void deleteBatchFiles(long n) throws IOException {
        String name = ArchiveLayout.dataFileName(LANE_PARTITION, n, n);
        for (ArchiveTable table : ArchiveTable.values()) {
            Path folder = layout.tableFolder(table);
            if (!Files.isDirectory(folder)) continue;
            try (var dates = Files.list(folder)) {
                for (Path date : dates.filter(Files::isDirectory).toList()) Files.deleteIfExists(date.resolve(name));
            }
        }
    }

    private void clearStaging() throws IOException {
        Path dir = settings.stagingDir();
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(stagingPrefix())).toList())
                Files.deleteIfExists(f);
        }
    }

    private static String stagingPrefix() {
        return String.format("%s-p%03d-", LANE.topic(), LANE.partition());
    }
}
