package dev.reelrank.pipeline.datasets;

import dev.reelrank.pipeline.io.Csv;
import dev.reelrank.pipeline.io.Gzip;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports KuaiRec (Gao et al., CIKM 2022). Reads, from the input folder, the first of
 * {@code interactions.csv} (the shared sample: user_id, video_id, watch_ratio),
 * {@code small_matrix.csv}, {@code big_matrix.csv} (also play_duration, video_duration in ms,
 * timestamp in s), and {@code item_categories.csv} when present (video_id, feat = "[8, 12]").
 * Every row becomes one {@code watch}: watch_seconds = play_duration, or
 * {@code nominalDurationSeconds} × watch_ratio where durations are missing (then every video gets
 * that nominal duration). Rows keep the input order per user; without timestamps occurred_at is empty.
 *
 * @param positiveWatchRatio the label written into the manifest (the literature uses 2.0)
 */
public record KuaiRecImporter(int nominalDurationSeconds, double positiveWatchRatio) {
    public static final String SOURCE = "/reelrank/import/kuairec";
    public static final KuaiRecImporter DEFAULTS = new KuaiRecImporter(100, 2.0);
    private static final List<String> INTERACTION_FILES = List.of("interactions.csv", "small_matrix.csv", "big_matrix.csv");

    public ImportResult importFolder(Path input, Path out, String name) {
        Path file = INTERACTION_FILES.stream().map(input::resolve).filter(Files::exists).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(input + " has none of " + INTERACTION_FILES
                        + " (KuaiRec: https://kuairec.com; see ../shared/data/README.md)"));
        try {
            Map<String, List<String>> categories = readCategories(input.resolve("item_categories.csv"));
            return convert(file, categories, out, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportResult convert(Path file, Map<String, List<String>> categories, Path out, String name) throws IOException {
        var videoDuration = new LinkedHashMap<String, Integer>();
        var users = new java.util.HashSet<String>();
        long rows = 0, skipped = 0;
        boolean anyTime = false;
        Files.createDirectories(out);
        try (BufferedReader r = Gzip.reader(file);
             OutputStream w = Gzip.out(out.resolve(DatasetFiles.INTERACTIONS))) {
            String header = r.readLine();
            int[] c = Csv.columns(header, file.toString(), "user_id", "video_id", "watch_ratio");
            int play = optional(header, "play_duration"), duration = optional(header, "video_duration"),
                    ts = optional(header, "timestamp");
            w.write((DatasetFiles.INTERACTION_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            var sb = new StringBuilder(256);
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = Csv.split(line);
                try {
                    String user = "kr-u" + f[c[0]].trim(), video = "kr-v" + f[c[1]].trim();
                    double ratio = Double.parseDouble(f[c[2]]);
                    int dur = duration >= 0 && !f[duration].isEmpty() ? (int) Math.round(Double.parseDouble(f[duration]) / 1000) : 0;
                    double watched = play >= 0 && !f[play].isEmpty() ? Double.parseDouble(f[play]) / 1000 : Double.NaN;
                    if (dur <= 0 || Double.isNaN(watched)) { dur = nominalDurationSeconds; watched = nominalDurationSeconds * ratio; }
                    long time = ts >= 0 && !f[ts].isEmpty() && !f[ts].equalsIgnoreCase("nan")
                            ? Math.round(Double.parseDouble(f[ts]) * 1000) : Dataset.NO_TIME;
                    if (Double.isNaN(watched) || watched < 0) { skipped++; continue; }
                    anyTime |= time != Dataset.NO_TIME;
                    videoDuration.putIfAbsent(video, dur);
                    users.add(user);
                    sb.setLength(0);
                    Rows.interaction(sb, user, video, "watch", Math.round(watched * 10), null, -1, null, time,
                            null, null, null, null);
                    w.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    rows++;
                } catch (RuntimeException e) {
                    skipped++;
                }
            }
        }
        try (OutputStream w = Gzip.out(out.resolve(DatasetFiles.VIDEOS))) {
            w.write((DatasetFiles.VIDEO_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            var sb = new StringBuilder(256);
            for (var e : videoDuration.entrySet()) {
                List<String> feats = categories.get(e.getKey());
                sb.setLength(0);
                Rows.video(sb, e.getKey(), null, feats == null || feats.isEmpty() ? null : feats.getFirst(), feats,
                        null, null, e.getValue(), Dataset.NO_TIME, null);
                w.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        var params = new LinkedHashMap<String, Object>();
        params.put("input", file.toString());
        params.put("nominalDurationSeconds", nominalDurationSeconds);
        params.put("categories", !categories.isEmpty());
        new Manifest(name, "imported", SOURCE, "scripts/import kuairec", params, null,
                Map.of("videos", (long) videoDuration.size(), "users", (long) users.size(), "interactions", rows),
                anyTime, false, false, positiveWatchRatio,
                "watch with watch_ratio >= " + positiveWatchRatio, null).write(out);
        return new ImportResult(out, users.size(), videoDuration.size(), rows, skipped);
    }

    private static int optional(String header, String column) {
        String[] h = Csv.split(header);
        for (int i = 0; i < h.length; i++) if (h[i].trim().equalsIgnoreCase(column)) return i;
        return -1;
    }

    /** item_categories.csv: video_id,feat with feat like "[8, 12]" → kr-cat8, kr-cat12. */
    private static Map<String, List<String>> readCategories(Path file) throws IOException {
        var out = new HashMap<String, List<String>>();
        if (!Files.exists(file)) return out;
        try (BufferedReader r = Gzip.reader(file)) {
            int[] c = Csv.columns(r.readLine(), file.toString(), "video_id", "feat");
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = Csv.split(line);
                var feats = new ArrayList<String>();
                for (String s : f[c[1]].replaceAll("[\\[\\] ]", "").split(",")) if (!s.isEmpty()) feats.add("kr-cat" + s);
                out.put("kr-v" + f[c[0]].trim(), feats);
            }
        }
        return out;
    }
}
