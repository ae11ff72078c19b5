package dev.reelrank.training;

import dev.reelrank.pipeline.datasets.DatasetFiles;
import dev.reelrank.pipeline.datasets.Manifest;
import dev.reelrank.pipeline.datasets.Rows;
import dev.reelrank.pipeline.io.Gzip;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns the event archive (date-partitioned Parquet, see docs/event-archive.md) into a dataset
 * folder, so training from the archive and from an offline set share one reader, one example
 * builder and one metadata format.
 *
 * <p>Interactions come from the last {@code days} UTC days; videos from every archived day, since a
 * video watched this week may have been published long before the window. Users are the archive's
 * pseudonyms ({@code user_key}): the model never sees a user id (the user tower reads the folded
 * UserFeatures and the request context only).
 *
 * <p>Read with DuckDB rather than parquet-java: parquet-java's reader still needs Hadoop classes
 * (parquet-java #2818), which the archiver keeps off its runtime classpath on purpose; training is
 * an offline batch job, where one self-contained jar is the lighter choice.
 */
public final class ArchiveDataset {
    /** Rows whose ids hold a separator the plain CSV reader cannot take are skipped (ids are opaque tokens). */
    private static final String UNSAFE = ",\n\r\"";

    public record Export(Path dir, long interactions, long videos, long skippedUnknownVideo, long skippedUnsafe,
                         LocalDate from, LocalDate to, List<Path> files) {}

    private final Path archive;
    private final int days;
    private final LocalDate today;
    private final String memoryLimit;
    private PrintStream log = System.err;

    /**
     * @param today       last day of the window (UTC), normally today
     * @param memoryLimit DuckDB's memory limit (its default is 80% of RAM, too much beside the trainer)
     */
    public ArchiveDataset(Path archive, int days, LocalDate today, String memoryLimit) {
        if (days < 1) throw new IllegalArgumentException("--days must be >= 1");
        this.archive = archive;
        this.days = days;
        this.today = today;
        this.memoryLimit = memoryLimit;
    }

    public ArchiveDataset log(PrintStream out) {
        this.log = out;
        return this;
    }

    public LocalDate firstDay() {
        return today.minusDays(days - 1L);
    }

    /** Parquet files of a table, from {@code from} (inclusive; null = all days) to the window's last day. */
    List<Path> files(String table, LocalDate from) throws IOException {
        Path folder = archive.resolve(table);
        if (!Files.isDirectory(folder)) return List.of();
        var out = new ArrayList<Path>();
        try (Stream<Path> dates = Files.list(folder)) {
            for (Path d : dates.sorted().toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith("date=") || !Files.isDirectory(d)) continue;
                LocalDate day;
                try {
                    day = LocalDate.parse(name.substring("date=".length()));
                } catch (java.time.format.DateTimeParseException e) {
                    continue;
                }
                if ((from != null && day.isBefore(from)) || day.isAfter(today)) continue;
                try (Stream<Path> parts = Files.list(d)) {
                    parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    public Export writeTo(Path dir) throws IOException {
        List<Path> interactionFiles = files("interactions", firstDay());
        List<Path> videoFiles = files("videos", null);
        if (interactionFiles.isEmpty()) {
            throw new IllegalArgumentException("no archived interactions in " + archive.resolve("interactions")
                    + " from " + firstDay() + " to " + today + " (is the event-archiver running? use --days or --from)");
        }
        if (videoFiles.isEmpty()) throw new IllegalArgumentException("no archived videos in " + archive.resolve("videos"));
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET memory_limit='" + memoryLimit.replace("'", "") + "'");
            s.execute("SET threads=2");
            // Latest metadata per video wins (a re-publish corrects the catalogue).
            s.execute("CREATE TEMP TABLE v AS SELECT * EXCLUDE (rn) FROM (SELECT video_id, channel_id, category, tags, language, region,"
                    + " duration_seconds, epoch_ms(published_at) AS published_ms,"
                    + " row_number() OVER (PARTITION BY video_id ORDER BY event_time DESC NULLS LAST) AS rn"
                    + " FROM read_parquet(" + list(videoFiles) + ", union_by_name=true)) WHERE rn = 1");
            long videos = write(s, "SELECT * FROM v ORDER BY video_id", dir.resolve(DatasetFiles.VIDEOS), DatasetFiles.VIDEO_HEADER, true);
            // utc_offset_minutes came with schema 2: an archive of older files only has no such column.
            String offset = hasColumn(s, interactionFiles, "utc_offset_minutes") ? "utc_offset_minutes" : "CAST(NULL AS INTEGER) AS utc_offset_minutes";
            s.execute("CREATE TEMP TABLE i AS SELECT user_key, video_id, action, watch_seconds, surface, position, request_id,"
                    + " epoch_ms(coalesce(occurred_at, event_time)) AS at_ms, device, region, target, channel_id, " + offset
                    + " FROM read_parquet(" + list(interactionFiles) + ", union_by_name=true) WHERE user_key IS NOT NULL");
            long unknown = count(s, "SELECT count(*) FROM i WHERE video_id IS NOT NULL AND video_id NOT IN (SELECT video_id FROM v)");
            // Each user's rows in time order: the example builder replays them as the online fold would.
            long[] written = writeInteractions(s, "SELECT * FROM i WHERE video_id IS NULL OR video_id IN (SELECT video_id FROM v)"
                    + " ORDER BY user_key, at_ms NULLS FIRST", dir.resolve(DatasetFiles.INTERACTIONS));
            boolean impressions = count(s, "SELECT count(*) FROM i WHERE action = 'impression'") > 0;
            boolean regions = count(s, "SELECT count(*) FROM i WHERE region IS NOT NULL") > 0;
            var params = new LinkedHashMap<String, Object>();
            params.put("archive", archive.toString());
            params.put("days", days);
            params.put("from", firstDay().toString());
            params.put("to", today.toString());
            params.put("interactionFiles", interactionFiles.size());
            params.put("videoFiles", videoFiles.size());
            params.put("skippedUnknownVideo", unknown);
            params.put("skippedUnsafeIds", written[1]);
            new Manifest("archive-" + firstDay() + "-to-" + today, "archive", null, "event archive " + archive,
                    params, null, Map.of("videos", videos, "interactions", written[0]), true, impressions, regions,
                    PositiveRule.DEFAULT_WATCH_RATIO, "watch ratio >= " + PositiveRule.DEFAULT_WATCH_RATIO + ", like or share",
                    null).write(dir);
            log.printf("archive: %,d interactions (%d files, %s..%s), %,d videos; skipped %,d on videos never published in the archive, %,d with unusable ids%n",
                    written[0], interactionFiles.size(), firstDay(), today, videos, unknown, written[1]);
            return new Export(dir, written[0], videos, unknown, written[1], firstDay(), today, interactionFiles);
        } catch (SQLException e) {
            throw new IOException("reading the archive " + archive + ": " + e.getMessage(), e);
        }
    }

    private static String list(List<Path> files) {
        var sb = new StringBuilder("[");
        for (Path p : files) {
            if (sb.length() > 1) sb.append(',');
            sb.append('\'').append(p.toAbsolutePath().toString().replace("'", "''")).append('\'');
        }
        return sb.append(']').toString();
    }

    private static boolean hasColumn(Statement s, List<Path> files, String column) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT * FROM read_parquet(" + list(files) + ", union_by_name=true) LIMIT 0")) {
            var meta = r.getMetaData();
            for (int c = 1; c <= meta.getColumnCount(); c++) if (column.equals(meta.getColumnName(c))) return true;
            return false;
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long write(Statement s, String sql, Path file, String header, boolean videos) throws SQLException, IOException {
        long n = 0;
        try (OutputStream out = Gzip.out(file); ResultSet r = s.executeQuery(sql)) {
            out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            var sb = new StringBuilder();
            while (r.next()) {
                java.sql.Array tags = r.getArray("tags");
                List<String> tagList = tags == null ? null : Arrays.stream((Object[]) tags.getArray()).map(String::valueOf).toList();
                long published = r.getLong("published_ms");
                if (r.wasNull()) published = Long.MIN_VALUE;
                Rows.video(sb, r.getString("video_id"), r.getString("channel_id"), r.getString("category"),
                        tagList == null || tagList.isEmpty() ? null : tagList, r.getString("language"), r.getString("region"),
                        r.getInt("duration_seconds"), published, null);
                n++;
                if (sb.length() > 1 << 16) { out.write(sb.toString().getBytes(StandardCharsets.UTF_8)); sb.setLength(0); }
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return n;
    }

    /** @return {written, skipped} */
    private static long[] writeInteractions(Statement s, String sql, Path file) throws SQLException, IOException {
        long n = 0, skipped = 0;
        try (OutputStream out = Gzip.out(file); ResultSet r = s.executeQuery(sql)) {
            out.write((DatasetFiles.INTERACTION_HEADER + "," + DatasetFiles.UTC_OFFSET_COLUMN + "\n").getBytes(StandardCharsets.UTF_8));
            var sb = new StringBuilder();
            while (r.next()) {
                String user = r.getString("user_key"), video = r.getString("video_id"), request = r.getString("request_id"),
                        device = r.getString("device"), region = r.getString("region"), channel = r.getString("channel_id");
                if (unsafe(user) || unsafe(video) || unsafe(request) || unsafe(device) || unsafe(region) || unsafe(channel)) {
                    skipped++;
                    continue;
                }
                double watch = r.getDouble("watch_seconds");
                long watchTenths = r.wasNull() ? -1 : Math.round(watch * 10);
                int position = r.getInt("position");
                if (r.wasNull()) position = -1;
                long at = r.getLong("at_ms");
                if (r.wasNull()) at = Long.MIN_VALUE;
                int offsetValue = r.getInt("utc_offset_minutes");
                Integer offset = r.wasNull() ? null : offsetValue;
                Rows.interaction(sb, user, video, r.getString("action"), watchTenths, r.getString("surface"), position,
                        request, at, device, region, r.getString("target"), channel, offset);
                n++;
                if (sb.length() > 1 << 16) { out.write(sb.toString().getBytes(StandardCharsets.UTF_8)); sb.setLength(0); }
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new long[] {n, skipped};
    }

    private static boolean unsafe(String s) {
        if (s == null) return false;
        for (int i = 0; i < s.length(); i++) if (UNSAFE.indexOf(s.charAt(i)) >= 0) return true;
        return false;
    }
}
