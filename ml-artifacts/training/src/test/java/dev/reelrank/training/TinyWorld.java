package dev.reelrank.training;

import dev.reelrank.pipeline.datasets.DatasetFiles;
import dev.reelrank.pipeline.datasets.Manifest;
import dev.reelrank.pipeline.datasets.Rows;
import dev.reelrank.pipeline.io.Gzip;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny dataset folder in the pipeline's format with an obvious structure: videos belong to
 * topics, each user watches (fully) only videos of their one or two topics, and skims a few
 * random ones. A model that learns anything ranks same-topic videos first.
 */
final class TinyWorld {
    static final int TOPICS = 8, VIDEOS_PER_TOPIC = 25, USERS = 300, WATCHES = 40;
    static final long T0 = 1_760_000_000_000L;

    private TinyWorld() {}

    static Path write(Path dir, long seed) throws IOException {
        var r = new SplittableRandom(seed);
        var videos = new StringBuilder(DatasetFiles.VIDEO_HEADER).append('\n');
        int n = TOPICS * VIDEOS_PER_TOPIC;
        for (int v = 0; v < n; v++) {
            int topic = v / VIDEOS_PER_TOPIC;
            Rows.video(videos, "v" + v, "ch" + topic + "-" + (v % 3), "topic" + topic, List.of("t" + topic, "x" + (v % 5)),
                    v % 2 == 0 ? "en" : "pt", "US", 300, T0 - 86_400_000L * (v % 30), "video " + v);
        }
        var inter = new StringBuilder(DatasetFiles.INTERACTION_HEADER).append('\n');
        long rows = 0;
        for (int u = 0; u < USERS; u++) {
            int t1 = r.nextInt(TOPICS), t2 = r.nextBoolean() ? t1 : r.nextInt(TOPICS);
            long t = T0 + r.nextInt(1000) * 1000L;
            for (int k = 0; k < WATCHES; k++) {
                t += 60_000L + r.nextInt(3_600_000);
                boolean noise = r.nextInt(5) == 0;
                int topic = r.nextBoolean() ? t1 : t2;
                int v = noise ? r.nextInt(n) : topic * VIDEOS_PER_TOPIC + r.nextInt(VIDEOS_PER_TOPIC);
                long watchTenths = noise ? 100 : 2700;   // 10 s skim vs 270 s of 300
                Rows.interaction(inter, "u" + u, "v" + v, "watch", watchTenths, "home", k % 10, null, t,
                        u % 2 == 0 ? "mobile" : "tv", "US", null, null);
                rows++;
            }
        }
        write(dir.resolve(DatasetFiles.VIDEOS), videos);
        write(dir.resolve(DatasetFiles.INTERACTIONS), inter);
        new Manifest("tiny", "generated", "test", "TinyWorld.write(dir, " + seed + ")", Map.of(), seed,
                Map.of("videos", (long) n, "interactions", rows, "users", (long) USERS), true, false, true, 0.5,
                "watch ratio >= 0.5", null).write(dir);
        return dir;
    }

    private static void write(Path file, StringBuilder sb) throws IOException {
        try (OutputStream out = Gzip.out(file)) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
