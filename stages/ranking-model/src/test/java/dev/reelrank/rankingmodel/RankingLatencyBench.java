package dev.reelrank.rankingmodel;

import dev.reelrank.modelartifacts.DjlRuntime;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * How long ranking 500 candidates takes with a default-sized MMoE on a realistic schema (8
 * categorical fields, one with 50k values, and 24 numerics). The weights are untrained: latency does
 * not depend on their values. The model goes through save and load, so it is measured exactly as
 * serving runs it (frozen parameters, one intra-op thread, padded to 512, warmed up).
 *
 * <p>Reports the forward pass alone (encoded, padded input → logits) and the whole
 * {@link MmoeModel#predict} (width checks, vocabulary lookups, standardization, padding, forward,
 * sigmoids), on one thread and on two threads at once.
 *
 * <pre>
 *   mvn -B -o -q package -pl stages/ranking-model -DskipTests
 *   java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
 *     -cp stages/ranking-model/target/test-classes:stages/ranking-model/target/classes:$(cat stages/ranking-model/target/bench.classpath) \
 *     dev.reelrank.rankingmodel.RankingLatencyBench [candidates] [calls]
 * </pre>
 * with {@code DJL_CACHE_DIR=var/djl OPT_OUT_TRACKING=true} in the environment.
 */
public final class RankingLatencyBench {
    private static final int[] VOCABULARY = {50_000, 5_000, 40, 30, 50, 5, 8, 20};

    public static void main(String[] args) throws Exception {
        int candidates = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        DjlRuntime.configure("var/djl");
        DjlRuntime.forServing();
        var schema = schema();
        Path root = Files.createTempDirectory("ranking-bench");
        try {
            var encoding = encoding(schema);
            try (var fresh = MmoeModel.create(encoding, MmoeMetadata.untrained("mmoe-bench", schema, MmoeConfig.DEFAULTS, 1f))) {
                fresh.save(root);
            }
            long t = System.nanoTime();
            try (var model = MmoeModel.load(root, "mmoe-bench")) {
                System.out.printf(Locale.ROOT, "# MMoE latency: %d candidates, %d calls; %d categorical + %d numeric features, config %s%n",
                        candidates, calls, schema.categorical().size(), schema.numeric().size(), MmoeConfig.DEFAULTS);
                long params = model.block().getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
                System.out.printf(Locale.ROOT, "# %,d parameters; load %.0f ms; java %s, %d cores, load average %s%n", params,
                        (System.nanoTime() - t) / 1e6, Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
                System.out.printf(Locale.ROOT, "# warm-up, first call per padded size (ms): %s%n", model.warmUp());
                List<FeatureRow> rows = rows(schema, candidates, 3);
                int size = model.paddedSize(Math.min(candidates, model.batchSizes().getLast()));
                long[] ids = new long[size * schema.categorical().size()];
                float[] nums = new float[size * schema.numeric().size()];
                for (int i = 0; i < Math.min(candidates, size); i++) encoding.encode(rows.get(i), i, ids, nums);

                report("forward pass (padded to " + size + ")", measure(calls, () -> model.logits(ids, nums, size)));
                report("predict (encode + forward)", measure(calls, () -> model.predict(rows)));
                report("predict, 2 threads at once", concurrent(2, calls, () -> model.predict(rows)));
                System.out.printf(Locale.ROOT, "# load average at end: %s (other builds share these cores)%n", loadAverage());
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    static FeatureSchema schema() {
        var cat = List.of("video_id", "channel_id", "category", "language", "region", "device", "hour_bucket", "user_segment");
        var num = new ArrayList<String>();
        for (int i = 0; i < 24; i++) num.add("n" + i);
        return new FeatureSchema(cat, num);
    }

    static FeatureEncoding encoding(FeatureSchema schema) {
        var vocab = new ArrayList<Vocabulary>();
        for (int f = 0; f < schema.categorical().size(); f++) {
            var values = new ArrayList<String>(VOCABULARY[f]);
            for (int v = 0; v < VOCABULARY[f]; v++) values.add(schema.categorical().get(f) + v);
            vocab.add(Vocabulary.of(values));
        }
        int n = schema.numeric().size();
        float[] mean = new float[n], std = new float[n];
        java.util.Arrays.fill(std, 1f);
        return new FeatureEncoding(schema, vocab, mean, std);
    }

    static List<FeatureRow> rows(FeatureSchema schema, int count, long seed) {
        var r = new SplittableRandom(seed);
        var out = new ArrayList<FeatureRow>(count);
        for (int i = 0; i < count; i++) {
            String[] c = new String[schema.categorical().size()];
            for (int f = 0; f < c.length; f++) c[f] = schema.categorical().get(f) + r.nextInt(VOCABULARY[f] + VOCABULARY[f] / 10);
            float[] x = new float[schema.numeric().size()];
            for (int f = 0; f < x.length; f++) x[f] = (float) r.nextGaussian();
            out.add(new FeatureRow(c, x));
        }
        return out;
    }

    private static Histogram measure(int calls, Runnable call) {
        for (int i = 0; i < Math.max(100, calls / 10); i++) call.run();
        var h = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.run();
            h.recordValue((System.nanoTime() - t) / 1000);
        }
        return h;
    }

    private static Histogram concurrent(int threads, int calls, Runnable call) throws InterruptedException {
        var total = new Histogram(3_600_000_000L, 3);
        var start = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        var workers = new ArrayList<Thread>();
        for (int k = 0; k < threads; k++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    var h = measure(calls / threads, call);
                    synchronized (total) { total.add(h); }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) w.join();
        if (failure.get() != null) throw new IllegalStateException(failure.get());
        return total;
    }

    private static void report(String what, Histogram h) {
        System.out.printf(Locale.ROOT, "%-34s n=%,6d  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %6.2f ms%n", what,
                h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
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
