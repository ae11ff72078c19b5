package dev.reelrank.pipeline.rollout;

import com.google.protobuf.Timestamp;
import dev.reelrank.pipeline.datasets.DatasetFiles;
import dev.reelrank.proto.v1.VideoFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@code videos.csv.gz} of a dataset folder (the layout of {@link DatasetFiles}: a header
 * row, RFC 4180 quoting, tags separated by '|', publish time in epoch ms, empty = unknown) as
 * video features. Columns are found by header name.
 */
final class DatasetVideos {
    static final String FILE = DatasetFiles.VIDEOS;

    private DatasetVideos() {}

    static void forEach(Path dataset, Consumer<VideoFeatures> action) throws IOException {
        Path file = Files.isDirectory(dataset) ? dataset.resolve(FILE) : dataset;
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            if (header == null) return;
            Map<String, Integer> col = new HashMap<>();
            List<String> names = split(header);
            for (int i = 0; i < names.size(); i++) col.put(names.get(i), i);
            if (!col.containsKey("video_id")) throw new IOException(file + ": no video_id column in " + header);
            String line;
            int row = 1;
            while ((line = in.readLine()) != null) {
                row++;
                if (line.isEmpty()) continue;
                List<String> f = split(line);
                String id = get(f, col, "video_id");
                if (id.isEmpty()) throw new IOException(file + " row " + row + ": empty video_id");
                var b = VideoFeatures.newBuilder().setVideoId(id).setChannelId(get(f, col, "channel_id"))
                        .setCategory(get(f, col, "category")).setLanguage(get(f, col, "language"))
                        .setRegion(get(f, col, "region")).setTitle(get(f, col, "title"));
                String tags = get(f, col, "tags");
                if (!tags.isEmpty()) for (String t : tags.split("\\|")) if (!t.isEmpty()) b.addTags(t);
                String duration = get(f, col, "duration_seconds");
                if (!duration.isEmpty()) b.setDurationSeconds(Integer.parseInt(duration));
                String published = get(f, col, "published_at_ms");
                if (!published.isEmpty()) {
                    long ms = Long.parseLong(published);
                    b.setPublishedAt(Timestamp.newBuilder().setSeconds(Math.floorDiv(ms, 1000)).setNanos((int) Math.floorMod(ms, 1000) * 1_000_000));
                }
                action.accept(b.build());
            }
        }
    }

    private static String get(List<String> fields, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null || i >= fields.size() ? "" : fields.get(i);
    }

    /** One CSV line: fields may be quoted, with "" for a quote inside. */
    static List<String> split(String line) {
        var out = new ArrayList<String>();
        var sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        sb.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }
}
