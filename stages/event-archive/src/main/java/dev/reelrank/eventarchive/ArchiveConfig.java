package dev.reelrank.eventarchive;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The archiver's tunables. The function maps its configuration (reelrank.archive.*) onto this
 * record; every default is documented in functions/event-archiver's application.properties.
 *
 * @param root              archive root (local folder or a java.nio FileSystem path of an object store)
 * @param stagingDir        where files are written before they are published; must be on the
 *                          same file system as a local root (atomic rename), any local folder otherwise
 * @param maxRecordsPerFile a partition's file is closed at this many records even before the interval
 * @param maxBufferedRecords most records held in memory over all partitions: past it the fullest
 *                          partition's file is closed early, so a backlog on many partitions cannot
 *                          fill the heap while each stays under maxRecordsPerFile
 * @param flushInterval     longest time a consumed event waits before it is in a closed, durable file
 *                          (and its offset committed): the freshness of the archive vs. the number of files
 * @param dedupWindow       recent event identities remembered per Kafka partition for de-duplication
 * @param compression       zstd, snappy or none
 * @param pollTimeout       longest wait of one Kafka poll (bounds how late a due flush can happen)
 * @param retryBackoff      pause after a failure (Kafka or disk) before the consumer is rebuilt
 * @param consumerOverrides extra KafkaConsumer settings; offset handling cannot be overridden
 */
public record ArchiveConfig(
        String bootstrapServers,
        String groupId,
        String interactionsTopic,
        String videosTopic,
        Path root,
        Path stagingDir,
        int maxRecordsPerFile,
        int maxBufferedRecords,
        Duration flushInterval,
        int dedupWindow,
        String compression,
        int zstdLevel,
        int rowGroupBytes,
        Duration pollTimeout,
        Duration retryBackoff,
        Map<String, String> consumerOverrides) {

    public ArchiveConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(interactionsTopic, "interactionsTopic");
        Objects.requireNonNull(videosTopic, "videosTopic");
        Objects.requireNonNull(root, "root");
        if (stagingDir == null)
            stagingDir = root.getFileSystem() == FileSystems.getDefault()
                    ? root.resolve("_staging")
                    : Path.of(System.getProperty("java.io.tmpdir"), "reelrank-archive-staging");
        if (maxRecordsPerFile < 1) throw new IllegalArgumentException("reelrank.archive.max-records-per-file must be >= 1");
        if (maxBufferedRecords < 1) throw new IllegalArgumentException("reelrank.archive.max-buffered-records must be >= 1");
        if (flushInterval.isNegative() || flushInterval.isZero())
            throw new IllegalArgumentException("reelrank.archive.flush-interval must be > 0");
        if (dedupWindow < 0) throw new IllegalArgumentException("reelrank.archive.dedup-window must be >= 0");
        if (zstdLevel < 1 || zstdLevel > 22) throw new IllegalArgumentException("reelrank.archive.zstd-level must be 1..22");
        consumerOverrides = Map.copyOf(consumerOverrides == null ? Map.of() : consumerOverrides);
    }

    /** The documented defaults, for a given broker and root. */
    public static ArchiveConfig defaults(String bootstrapServers, Path root) {
        return new ArchiveConfig(bootstrapServers, "event-archiver", "interactions", "videos", root, null,
                50_000, 200_000, Duration.ofSeconds(60), 20_000, "zstd", 3, 64 << 20,
                Duration.ofMillis(500), Duration.ofSeconds(5), Map.of());
    }

    public ArchiveConfig withTopics(String interactions, String videos) {
        return new ArchiveConfig(bootstrapServers, groupId, interactions, videos, root, stagingDir, maxRecordsPerFile, maxBufferedRecords,
                flushInterval, dedupWindow, compression, zstdLevel, rowGroupBytes, pollTimeout, retryBackoff, consumerOverrides);
    }

    public ArchiveConfig withGroupId(String group) {
        return new ArchiveConfig(bootstrapServers, group, interactionsTopic, videosTopic, root, stagingDir, maxRecordsPerFile, maxBufferedRecords,
                flushInterval, dedupWindow, compression, zstdLevel, rowGroupBytes, pollTimeout, retryBackoff, consumerOverrides);
    }

    public ArchiveConfig withMaxBufferedRecords(int maxBuffered) {
        return new ArchiveConfig(bootstrapServers, groupId, interactionsTopic, videosTopic, root, stagingDir, maxRecordsPerFile, maxBuffered,
                flushInterval, dedupWindow, compression, zstdLevel, rowGroupBytes, pollTimeout, retryBackoff, consumerOverrides);
    }

    public ArchiveConfig withFiles(int maxRecords, Duration interval, String codec) {
        return new ArchiveConfig(bootstrapServers, groupId, interactionsTopic, videosTopic, root, stagingDir, maxRecords, maxBufferedRecords,
                interval, dedupWindow, codec, zstdLevel, rowGroupBytes, pollTimeout, retryBackoff, consumerOverrides);
    }

    ArchiveTable tableOf(String topic) {
        if (topic.equals(interactionsTopic)) return ArchiveTable.INTERACTIONS;
        if (topic.equals(videosTopic)) return ArchiveTable.VIDEOS;
        throw new IllegalArgumentException("not an archived topic: " + topic);
    }
}
