package dev.reelrank.rankingmodel;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.RankingModel;
import dev.reelrank.modelartifacts.DjlRuntime;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import dev.reelrank.ranking.CandidateScorer;
import dev.reelrank.ranking.ModelScorer;
import dev.reelrank.ranking.RankingFeatures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The CPU of one {@code Rank} call inside re-ranking, without servers: one request of 500
 * realistic candidates (a user with history, affinities, watched videos and subscriptions; videos
 * with all-time counters and streaming windows, from ~100 channels) scored by {@link ModelScorer}
 * with the shipped MMoE ({@code ml-artifacts/models/mmoe/LATEST}), repeated. Ids are drawn mostly
 * from the model's own vocabularies so lookups hit as they do in serving.
 *
 * <p>Reports, on one thread, wall time, CPU time (p50/p90/p99, HdrHistogram) and bytes allocated
 * per call of: the feature rows alone ({@link ModelScorer} over a model that returns
 * zeros), the whole scoring (rows + encoding + forward pass), the forward pass alone on the same
 * padded input, and, for reference, decoding the 500 {@code VideoFeatures} from their bytes (the
 * feature store's part, not changed here).
 *
 * <pre>
 *   mvn -B -q -pl stages/ranking-model -am install -DskipTests -DskipStackTests=true
 *   DJL_CACHE_DIR=var/djl OPT_OUT_TRACKING=true java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
 *     -cp stages/ranking-model/target/test-classes:stages/ranking-model/target/classes:$(cat stages/ranking-model/target/bench.classpath) \
 *     dev.reelrank.rankingmodel.RankScoringBench [candidates=500] [calls=5000] [models root=ml-artifacts/models]
 * </pre>
 */
public final class RankScoringBench {
    private static final long NOW = 1_790_000_000_000L;

    public static void main(String[] args) throws Exception {
        int candidates = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        Path root = Path.of(args.length > 2 ? args[2] : "ml-artifacts/models");
        DjlRuntime.configure("var/djl");
        try (var model = MmoeModel.loadLatest(root)) {
            model.warmUp();
            var world = new World(model.encoding(), 42);
            UserFeatures user = world.user();
            var ids = new ArrayList<String>(candidates);
            var videos = new ArrayList<VideoFeatures>(candidates);
            for (int i = 0; i < candidates; i++) {
                VideoFeatures v = world.video();
                ids.add(v.getVideoId());
                videos.add(i % 50 == 49 ? null : v); // a few unknown uploads, scored from priors
            }
            var context = RankContext.newBuilder().setDevice(world.pick(5, "android")).setRegion(world.pick(6, "US"))
                    .setSurface(Surface.home).setLocalTime(Timestamp.newBuilder().setSeconds(NOW / 1000 - 5 * 3600)).build();
            float[] similarities = new float[candidates];
            for (int i = 0; i < candidates; i++) similarities[i] = (float) world.random.nextDouble(-0.2, 0.9);
            var request = new CandidateScorer.Request(user, ids, videos, context, similarities, NOW);

            System.out.printf(Locale.ROOT, "# Rank scoring CPU: model %s, %d candidates, %d calls; java %s, %d cores, load average %s%n",
                    model.version(), candidates, calls, Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
            var rowsOnly = new ModelScorer(new ZeroModel(model.schema()));
            var served = new ModelScorer(model);
            report("feature rows (zero model)", measure(calls, () -> rowsOnly.score(request)));
            report("rows + MMoE (ModelScorer.score)", measure(calls, () -> served.score(request)));

            int size = model.paddedSize(candidates);
            long[] enc = new long[size * model.schema().categorical().size()];
            float[] nums = new float[size * model.schema().numeric().size()];
            report("forward pass only (padded " + size + ")", measure(calls, () -> model.logits(enc, nums, size)));

            var bytes = new ArrayList<byte[]>();
            for (VideoFeatures v : videos) if (v != null) bytes.add(v.toByteArray());
            report("decode VideoFeatures (reference)", measure(calls, () -> {
                try {
                    for (byte[] b : bytes) VideoFeatures.parseFrom(b);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            }));
            System.out.printf(Locale.ROOT, "# load average at end: %s (other builds share these cores)%n", loadAverage());
        }
    }

    /** Realistic users and videos over the model's vocabularies (~10 % of ids unseen in training). */
    static final class World {
        final SplittableRandom random;
        private final FeatureEncoding encoding;
        private final List<String> channels = new ArrayList<>();
        private final List<String> categories = new ArrayList<>();
        private int next;

        World(FeatureEncoding encoding, long seed) {
            this.encoding = encoding;
            this.random = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) channels.add(pick(2, "ch-new-" + i));
            for (int i = 0; i < 20; i++) categories.add(pick(3, "cat-new-" + i));
        }

        /** A value of field {@code field}'s vocabulary (90 %), else {@code fallback}. */
        String pick(int field, String fallback) {
            List<String> values = encoding.vocabularies().get(field).values();
            return values.isEmpty() || random.nextInt(10) == 0 ? fallback : values.get(random.nextInt(values.size()));
        }

        UserFeatures user() {
            var u = UserFeatures.newBuilder().setUserId(pick(0, "u-new")).setInteractionCount(1_234);
            for (int i = 0; i < 50; i++) {
                u.addRecent(HistoryEntry.newBuilder().setVideoId(pick(1, "v-old-" + i)).setChannelId(channels.get(random.nextInt(channels.size())))
                        .setCategory(categories.get(random.nextInt(categories.size())))
                        .setAction(i % 3 == 0 ? Action.click : Action.watch).setWatchSeconds(random.nextDouble(0, 600))
                        .setAt(Timestamp.newBuilder().setSeconds(NOW / 1000 - 600L * (i + 1))));
            }
            for (int i = 0; i < 200; i++) u.addWatchedVideoIds(pick(1, "v-w-" + i));
            for (int i = 0; i < 40; i++) u.putChannelAffinity(channels.get(random.nextInt(channels.size())), random.nextDouble(-1, 5));
            for (int i = 0; i < 12; i++) u.putCategoryAffinity(categories.get(random.nextInt(categories.size())), random.nextDouble(0, 8));
            for (int i = 0; i < 10; i++) u.addSubscribedChannelIds(channels.get(random.nextInt(channels.size())));
            return u.build();
        }

        VideoFeatures video() {
            long impressions = random.nextLong(0, 2_000_000), views = impressions / (2 + random.nextInt(20));
            var v = VideoFeatures.newBuilder().setVideoId(random.nextInt(10) == 0 ? "v-new-" + next++ : pick(1, "v-new-" + next++))
                    .setChannelId(channels.get(random.nextInt(channels.size()))).setCategory(categories.get(random.nextInt(categories.size())))
                    .setLanguage(pick(4, "xx")).setTitle("a title of some length for the decoder").setDurationSeconds(15 + random.nextInt(1200))
                    .setPublishedAt(Timestamp.newBuilder().setSeconds(NOW / 1000 - random.nextLong(60, 90L * 86_400)))
                    .setImpressions(impressions).setViews(views).setClicks(views + random.nextInt(100)).setWatchSeconds(views * random.nextDouble(5, 300))
                    .setLikes(views / 20).setDislikes(views / 200).setShares(views / 100).setSkips(views / 10).setNotInterested(views / 500);
            if (random.nextInt(4) != 0) {
                v.setLast5M(window(50)).setLast1H(window(600)).setLast24H(window(10_000));
            }
            return v.build();
        }

        private WindowStats window(int scale) {
            long impressions = random.nextLong(0, scale), views = impressions / 4;
            return WindowStats.newBuilder().setImpressions(impressions).setViews(views).setClicks(views)
                    .setWatchSeconds(views * 40.0).setLikes(views / 20).setCtr(impressions == 0 ? 0 : (double) views / impressions).build();
        }
    }

    /** Scores nothing: what remains of {@link ModelScorer#score} is the feature rows. */
    private record ZeroModel(FeatureSchema schema) implements RankingModel {
        @Override
        public String version() {
            return "zero";
        }

        @Override
        public List<String> objectives() {
            return MmoeModel.OBJECTIVES;
        }

        @Override
        public float[][] predict(List<FeatureRow> rows) {
            return new float[rows.size()][2];
        }
    }

    /** Wall time, this thread's CPU time and bytes allocated per call. */
    private record Measured(Histogram wall, Histogram cpu, long allocatedPerCall) {}

    private static Measured measure(int calls, Runnable call) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        for (int i = 0; i < Math.max(200, calls / 5); i++) call.run();
        var wall = new Histogram(3_600_000_000L, 3);
        var cpu = new Histogram(3_600_000_000L, 3);
        long allocated = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < calls; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            call.run();
            wall.recordValue((System.nanoTime() - t) / 1000);
            cpu.recordValue(Math.max(0, threads.getCurrentThreadCpuTime() - c) / 1000);
        }
        return new Measured(wall, cpu, (threads.getThreadAllocatedBytes(self) - allocated) / calls);
    }

    /**
     * The CPU time is the figure to compare across runs on the shared 2-core box: wall time there
     * includes waiting for a core (load average 4-9 while other builds run), CPU time mostly not.
     */
    private static void report(String what, Measured m) {
        Histogram w = m.wall(), c = m.cpu();
        System.out.printf(Locale.ROOT, "%-36s n=%,6d  wall p50 %6.3f p99 %6.3f ms | cpu p50 %6.3f p90 %6.3f p99 %6.3f ms | %,9d B/call%n",
                what, w.getTotalCount(), w.getValueAtPercentile(50) / 1e3, w.getValueAtPercentile(99) / 1e3,
                c.getValueAtPercentile(50) / 1e3, c.getValueAtPercentile(90) / 1e3, c.getValueAtPercentile(99) / 1e3, m.allocatedPerCall());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
