package dev.reelrank.pipeline.world;

import dev.reelrank.pipeline.datasets.DatasetFiles;
import dev.reelrank.pipeline.datasets.Manifest;
import dev.reelrank.pipeline.datasets.Rows;
import dev.reelrank.pipeline.io.Gzip;
import dev.reelrank.pipeline.io.Progress;
import dev.reelrank.proto.v1.Action;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Writes a generated world into a dataset folder (see {@link DatasetFiles}). Users are simulated
 * in fixed-size chunks on {@code threads} workers, each chunk compressed by its worker into its own
 * gzip member and written in chunk order: the files are byte-identical for a seed whatever the
 * thread count, and memory stays at a few chunks beyond the catalogue arrays.
 */
public final class WorldGenerator {
    /** Users per work unit; fixed so the output does not depend on the thread count. */
    static final int USERS_PER_CHUNK = 256;
    static final int VIDEOS_PER_CHUNK = 16_384;

    private final WorldConfig config;
    private final BehaviourModel model;
    private final boolean progress;

    public WorldGenerator(WorldConfig config, BehaviourModel model, boolean progress) {
        this.config = config;
        this.model = model;
        this.progress = progress;
    }

    public record Result(Path dir, long interactions, Map<String, Long> byAction, double seconds) {}

    public Result generate(Path dir, String name) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dir.resolve("truth"));
            var cat = new Catalogue(config);
            var pop = new Population(config, cat);
            ExecutorService pool = Executors.newFixedThreadPool(config.threads());
            try {
                writeChunks(pool, dir.resolve(DatasetFiles.VIDEOS), DatasetFiles.VIDEO_HEADER, config.videos(), VIDEOS_PER_CHUNK,
                        "videos", from -> videoChunk(cat, from));
                writeChunks(pool, dir.resolve(DatasetFiles.TRUTH_VIDEOS), DatasetFiles.TRUTH_VIDEO_HEADER, config.videos(),
                        VIDEOS_PER_CHUNK, null, from -> videoTruthChunk(cat, from));
                writeChunks(pool, dir.resolve(DatasetFiles.USERS), DatasetFiles.USER_HEADER, config.users(), VIDEOS_PER_CHUNK,
                        null, from -> userChunk(cat, pop, from));
                writeChunks(pool, dir.resolve(DatasetFiles.TRUTH_USERS), DatasetFiles.TRUTH_USER_HEADER, config.users(),
                        VIDEOS_PER_CHUNK, null, from -> userTruthChunk(pop, from));
                long[] counts = new long[Action.values().length];
                var bar = progress ? new Progress("interactions", config.interactions()) : null;
                var all = java.util.concurrent.ConcurrentHashMap.<UserSimulator>newKeySet();
                var sims = ThreadLocal.withInitial(() -> {
                    var sim = new UserSimulator(config, cat, pop, model);
                    all.add(sim);
                    return sim;
                });
                writeChunks(pool, dir.resolve(DatasetFiles.INTERACTIONS), DatasetFiles.INTERACTION_HEADER, config.users(),
                        USERS_PER_CHUNK, null, from -> {
                            var sim = sims.get();
                            var sb = new StringBuilder(1 << 20);
                            long before = 0;
                            for (int u = from; u < Math.min(config.users(), from + USERS_PER_CHUNK); u++) {
                                sim.simulate(u, sb);
                                before += pop.quota[u];
                            }
                            if (bar != null) bar.add(before);
                            return sb;
                        });
                if (bar != null) bar.finish();
                for (UserSimulator sim : all) {
                    for (int i = 0; i < counts.length; i++) counts[i] += sim.counts()[i];
                }
                var byAction = new LinkedHashMap<String, Long>();
                for (Action a : Action.values()) if (a != Action.UNRECOGNIZED && counts[a.getNumber()] > 0) byAction.put(a.name(), counts[a.getNumber()]);
                long total = byAction.values().stream().mapToLong(Long::longValue).sum();
                manifest(name, total, byAction).write(dir);
                return new Result(dir, total, byAction, (System.nanoTime() - t0) / 1e9);
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Produces rows [from, from + chunk) for each chunk on the pool, compresses them there and writes
     * the members in order, keeping at most a few chunks in flight.
     */
    private void writeChunks(ExecutorService pool, Path file, String header, int total, int chunk, String label,
                             IntFunction<StringBuilder> rows) throws IOException {
        var bar = progress && label != null ? new Progress(label, total) : null;
        try (OutputStream out = Gzip.rawOut(file)) {
            out.write(Gzip.member(header + "\n"));
            var inFlight = new ArrayDeque<Future<byte[]>>();
            int window = config.threads() * 3;
            for (int from = 0; from < total || !inFlight.isEmpty(); ) {
                while (from < total && inFlight.size() < window) {
                    int f = from;
                    inFlight.add(pool.submit(() -> {
                        byte[] raw = rows.apply(f).toString().getBytes(StandardCharsets.UTF_8);
                        return Gzip.member(raw, raw.length);
                    }));
                    from += chunk;
                }
                out.write(inFlight.poll().get());
                if (bar != null) bar.add(Math.min(chunk, total));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("generation failed: " + e.getCause(), e.getCause());
        }
        if (bar != null) bar.finish();
    }

    private StringBuilder videoChunk(Catalogue cat, int from) {
        var sb = new StringBuilder(VIDEOS_PER_CHUNK * 120);
        int tpc = config.topicsPerCategory();
        for (int v = from; v < Math.min(cat.videos(), from + VIDEOS_PER_CHUNK); v++) {
            int p = cat.primary[v];
            String topic = Vocabulary.topicName(p, tpc);
            long h = v * 0x9E3779B97F4A7C15L;
            List<String> tags = List.of(topic, topic + "-t" + Math.floorMod(h >>> 20, 20), Vocabulary.topicName(cat.secondary[v], tpc));
            Rows.video(sb, cat.videoId[v], cat.channelId[cat.channel[v]], Vocabulary.CATEGORIES.get(p / tpc), tags,
                    Vocabulary.LANGUAGES.get(cat.language[v]), Vocabulary.REGIONS.get(cat.region[v]).code(), cat.duration[v],
                    cat.published[v], topic + " #" + v);
        }
        return sb;
    }

    private StringBuilder videoTruthChunk(Catalogue cat, int from) {
        var sb = new StringBuilder(VIDEOS_PER_CHUNK * 40);
        for (int v = from; v < Math.min(cat.videos(), from + VIDEOS_PER_CHUNK); v++) {
            sb.append(cat.videoId[v]).append(',').append(cat.primary[v]).append(',').append(cat.secondary[v]).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", cat.quality[v])).append(',')
                    .append(Vocabulary.LANGUAGES.get(cat.language[v])).append(',').append(cat.viral[v] ? 1 : 0).append('\n');
        }
        return sb;
    }

    private StringBuilder userChunk(Catalogue cat, Population pop, int from) {
        var sb = new StringBuilder(VIDEOS_PER_CHUNK * 60);
        for (int u = from; u < Math.min(pop.users(), from + VIDEOS_PER_CHUNK); u++) {
            sb.append(pop.userId[u]).append(',').append(Vocabulary.REGIONS.get(pop.region[u]).code()).append(',')
                    .append(Vocabulary.LANGUAGES.get(pop.language[u])).append(',')
                    .append(Vocabulary.DEVICES.get(pop.primaryDevice[u])).append(':')
                    .append(String.format(Locale.ROOT, "%.2f", pop.primaryShare[u]));
            if (pop.secondaryDevice[u] != pop.primaryDevice[u]) {
                sb.append('|').append(Vocabulary.DEVICES.get(pop.secondaryDevice[u])).append(':')
                        .append(String.format(Locale.ROOT, "%.2f", 1 - pop.primaryShare[u]));
            }
            sb.append(',');
            for (int j = pop.subStart[u]; j < pop.subStart[u + 1]; j++) {
                if (j > pop.subStart[u]) sb.append('|');
                sb.append(cat.channelId[pop.subs[j]]);
            }
            sb.append('\n');
        }
        return sb;
    }

    private StringBuilder userTruthChunk(Population pop, int from) {
        var sb = new StringBuilder(VIDEOS_PER_CHUNK * 60);
        for (int u = from; u < Math.min(pop.users(), from + VIDEOS_PER_CHUNK); u++) {
            sb.append(pop.userId[u]).append(',').append(Vocabulary.LANGUAGES.get(pop.language[u])).append(',');
            topics(sb, pop.interestTopic, pop.interestW0, pop.interestStart[u], pop.interestStart[u + 1]);
            sb.append(',');
            topics(sb, pop.interestTopic, pop.interestW1, pop.interestStart[u], pop.interestStart[u + 1]);
            sb.append('\n');
        }
        return sb;
    }

    private static void topics(StringBuilder sb, short[] topic, float[] w, int from, int to) {
        boolean first = true;
        for (int i = from; i < to; i++) {
            if (w[i] <= 0) continue;
            if (!first) sb.append('|');
            sb.append(topic[i]).append(':').append(String.format(Locale.ROOT, "%.5f", w[i]));
            first = false;
        }
    }

    private Manifest manifest(String name, long total, Map<String, Long> byAction) {
        var params = new LinkedHashMap<String, Object>();
        params.put("videos", config.videos());
        params.put("users", config.users());
        params.put("interactions", config.interactions());
        params.put("channels", config.channels());
        params.put("topicsPerCategory", config.topicsPerCategory());
        params.put("start", config.start().toString());
        params.put("span", config.span().toString());
        params.put("slateSize", config.slateSize());
        params.put("viralVideos", config.viralVideos());
        params.put("behaviour", model);
        if (!config.idPrefix().isEmpty()) params.put("idPrefix", config.idPrefix());
        var counts = new LinkedHashMap<String, Long>();
        counts.put("videos", (long) config.videos());
        counts.put("users", (long) config.users());
        counts.put("channels", (long) config.channels());
        counts.put("interactions", total);
        byAction.forEach((a, n) -> counts.put("action." + a, n));
        var truth = new LinkedHashMap<String, Object>();
        truth.put("affinity", AffinityModel.FORMULA);
        truth.put("startMs", config.startMs());
        truth.put("spanMs", config.spanMs());
        truth.put("users", DatasetFiles.TRUTH_USERS);
        truth.put("videos", DatasetFiles.TRUTH_VIDEOS);
        int topics = config.topics();
        var names = new String[topics];
        for (int t = 0; t < topics; t++) names[t] = Vocabulary.topicName(t, config.topicsPerCategory());
        truth.put("topics", names);
        return new Manifest(name, "generated", "/reelrank/generator", "scripts/generate", params, config.seed(), counts,
                true, true, true, 0.5, "watch with watch ratio >= 0.5, like or share", truth);
    }
}
