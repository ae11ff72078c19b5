package dev.reelrank.eventarchive;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Where things live under the archive root:
 * <pre>
 * root/interactions/date=2026-11-25/part-p003-o000000000120-o000000000456.parquet   data (Hive-style partitions)
 * root/videos/date=2026-11-25/part-p000-o…-o….parquet
 * root/_archiver/&lt;topic&gt;/p003.state                                                  the archiver's own state
 * </pre>
 * A data file's name is a pure function of the Kafka partition and the first and last offsets
 * it covers, so writing the same offsets again replaces the file instead of adding a copy.
 * Readers skip names starting with {@code _} or {@code .} (Spark and Hive do by convention), and
 * a {@code table/**}{@code /*.parquet} glob never reaches the state folder.
 */
public final class ArchiveLayout {
    private static final Pattern DATA_FILE = Pattern.compile("part-p(\\d+)-o(\\d+)-o(\\d+)\\.parquet");

    private final Path root;

    public ArchiveLayout(Path root) {
        this.root = root;
    }

    /**
     * The root from configuration: a plain path (relative to the working directory) or a URI
     * ({@code file:///…}, or another scheme served by an installed java.nio FileSystem provider,
     * e.g. an object store's).
     */
    public static Path resolveRoot(String location) {
        if (location == null || location.isBlank()) throw new IllegalArgumentException("reelrank.archive.location is empty");
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !location.matches("^[a-zA-Z]:\\\\.*"))
            return Path.of(URI.create(location));
        return Path.of(location).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path tableFolder(ArchiveTable table) {
        return root.resolve(table.folder);
    }

    public Path dateFolder(ArchiveTable table, LocalDate date) {
        return tableFolder(table).resolve("date=" + date);
    }

    public static String dataFileName(int partition, long firstOffset, long lastOffset) {
        return String.format("part-p%03d-o%012d-o%012d.parquet", partition, firstOffset, lastOffset);
    }

    public Path dataFile(ArchiveTable table, LocalDate date, int partition, long firstOffset, long lastOffset) {
        return dateFolder(table, date).resolve(dataFileName(partition, firstOffset, lastOffset));
    }

    public Path stateFile(TopicPartition tp) {
        return root.resolve("_archiver").resolve(tp.topic()).resolve(String.format("p%03d.state", tp.partition()));
    }

    /** The partition and offsets a data file's name says it holds; null for other names. */
    public static OffsetRange parseDataFileName(String fileName) {
        Matcher m = DATA_FILE.matcher(fileName);
        if (!m.matches()) return null;
        return new OffsetRange(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    public record OffsetRange(int partition, long first, long last) {
        public boolean overlaps(OffsetRange o) {
            return partition == o.partition && first <= o.last && o.first <= last;
        }
    }
}
