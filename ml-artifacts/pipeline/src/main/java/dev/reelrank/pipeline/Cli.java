package dev.reelrank.pipeline;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.EventStreamer;
import dev.reelrank.pipeline.datasets.ImportResult;
import dev.reelrank.pipeline.datasets.KuaiRecImporter;
import dev.reelrank.pipeline.datasets.MovieLensImporter;
import dev.reelrank.pipeline.datasets.StreamPart;
import dev.reelrank.pipeline.evaluation.Split;
import dev.reelrank.pipeline.evaluation.EvaluationCommand;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.retrieval.SourcePlan;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The offline pipeline's entry point: {@code generate}, {@code import kuairec|movielens},
 * {@code evaluate}, {@code post}, {@code bench-events}. Run through scripts/generate, scripts/import, scripts/evaluate.
 */
public final class Cli {
    static final String USAGE = """
            usage:
              generate [--videos N] [--users N] [--interactions N] [--seed S] [--channels N] [--threads N] [--id-prefix P]
                       [--out DIR] [--name NAME] [--post URL] [--batch-size N] [--quiet]
              import kuairec   --input DIR [--out DIR] [--name NAME] [--nominal-duration S] [--positive-watch-ratio R] [--post URL] [--batch-size N]
              import movielens --input DIR [--out DIR] [--name NAME] [--like-at RATING] [--post URL] [--batch-size N]
              evaluate --dataset DIR [--split time|random|last-n] [--test-fraction F] [--last-n N] [--seed S]
                       [--positive-watch-ratio R] [--max-users N] [--out DIR] [--quiet]
                       [--model DIR [--ann-ef %d] [--ann-m %d] [--ann-beam %d] [--ann-queries 1000]
                        [--quota-ann %d] [--quota-subscriptions %d] [--quota-trending %d] [--quota-fresh %d]
                        [--quota-popular %d] [--trending-window-hours %d] [--overfetch-cap %d]]
                       (--model: a two-tower artifact folder, or a models root with two-tower/LATEST; adds the
                        stages ann and merged, and the ANN-vs-exact recall of the index; merged is feed-assembly's
                        SourcePlan, the defaults are the function's)
              evaluate --dataset DIR --served-url URL [--served-limit 100] [--served-retries 3] [--expect-version V]
                       [split, label, --max-users, --threads, --out options as above]
                       (scores only the Home feeds the running feed-assembly at URL serves to each scored user;
                        fails unless every answer names one version, V if given; default --out
                        var/evaluation/<dataset name>/served)
              post --dataset DIR --url URL [--batch-size N] [--part all|train] [--untimed-start INSTANT]
                   [--split time|random|last-n] [--test-fraction F] [--last-n N] [--seed S]
                   (--part train: only the evaluator's training rows of that split, same defaults as evaluate,
                    and the videos published before the split time; rows without timestamps get a synthetic
                    time: each user's rows spread over one day from --untimed-start, 2026-01-01T00:00:00Z)
              bench-events --dataset DIR [--url http://127.0.0.1:8081/v1/events] [--threads 4] [--batch-size 500]
                   [--seconds 60] [--order file|time|user] [--no-videos] [--rate EVENTS_PER_S]
                   (load on the event API: batches posted back to back, fresh ids, rows cycled in that order;
                    the data set's videos are published first unless --no-videos; Markdown summary on stdout)
              bench-freshness --dataset DIR [--url …/v1/events] [--feed-url http://127.0.0.1:8080] [--rate 5000]
                   [--probes 100] [--video-probes 30] [--timeout-seconds 10] [--poll-ms 20]
                   (while --rate events/s flow: from a watch's 202 to a Home feed without that video, and from
                    a video.published's 202 to Up Next of that video holding up_next candidates)
            Output folders default to var/datasets/<name> and var/evaluation/<dataset name>.
            """.formatted(HnswConfig.DEFAULT.efSearch(), HnswConfig.DEFAULT.maxConn(), HnswConfig.DEFAULT.beamWidth(),
            SourcePlan.DEFAULTS.ann().quota(), SourcePlan.DEFAULTS.subscriptions().quota(), SourcePlan.DEFAULTS.trending().quota(),
            SourcePlan.DEFAULTS.fresh().quota(), SourcePlan.DEFAULTS.popularQuota(), RetrievalStoreConfig.defaults().trendingWindow().toHours(),
            SourcePlan.DEFAULTS.overfetchCap());

    private Cli() {}

    public static void main(String[] argv) {
        if (argv.length == 0 || java.util.Arrays.stream(argv).anyMatch(x -> x.equals("--help") || x.equals("-h") || x.equals("help"))) {
            System.out.print(USAGE);
            return;
        }
        try {
            switch (argv[0]) {
                case "generate" -> generate(new Args(argv, 1, Set.of("quiet")));
                case "import" -> {
                    if (argv.length < 2) throw new IllegalArgumentException("import needs a format: kuairec or movielens");
                    importData(argv[1], new Args(argv, 2, Set.of("quiet")));
                }
                case "evaluate" -> EvaluationCommand.run(new Args(argv, 1, Set.of("quiet")));
                case "post" -> post(new Args(argv, 1, Set.of()));
                case "bench-events" -> benchEvents(new Args(argv, 1, Set.of("no-videos")));
                case "bench-freshness" -> benchFreshness(new Args(argv, 1, Set.of()));
                default -> throw new IllegalArgumentException("unknown command '" + argv[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    private static void generate(Args a) {
        int videos = a.integer("videos", 50_000), users = a.integer("users", 20_000);
        long interactions = a.longValue("interactions", 2_000_000);
        long seed = a.longValue("seed", 42);
        var config = WorldConfig.of(videos, users, interactions, seed);
        config = config.withChannels(a.integer("channels", config.channels())).withThreads(a.integer("threads", config.threads()))
                .withIdPrefix(a.get("id-prefix", ""));
        String name = a.get("name", String.format(Locale.ROOT, "%sworld-%s-%s-%s-s%d", config.idPrefix(), compact(videos), compact(users), compact(interactions), seed));
        Path out = outDir(a, "var/datasets/" + name);
        String post = a.get("post", null);
        int batch = a.integer("batch-size", 500);
        boolean quiet = a.flag("quiet");
        a.rejectUnknown();
        var result = new WorldGenerator(config, BehaviourModel.DEFAULTS, !quiet).generate(out, name);
        System.err.printf(Locale.ROOT, "generated %s: %,d videos, %,d users, %,d interactions in %.1f s%n",
                out, videos, users, result.interactions(), result.seconds());
        if (post != null) post(out, URI.create(post), batch);
    }

    private static void importData(String format, Args a) {
        Path input = Path.of(a.required("input"));
        String post = a.get("post", null);
        int batch = a.integer("batch-size", 500);
        ImportResult r;
        switch (format) {
            case "kuairec" -> {
                String name = a.get("name", "kuairec");
                Path out = outDir(a, "var/datasets/" + name);
                var importer = new KuaiRecImporter(a.integer("nominal-duration", KuaiRecImporter.DEFAULTS.nominalDurationSeconds()),
                        a.decimal("positive-watch-ratio", KuaiRecImporter.DEFAULTS.positiveWatchRatio()));
                a.rejectUnknown();
                r = importer.importFolder(input, out, name);
            }
            case "movielens" -> {
                String name = a.get("name", "movielens");
                Path out = outDir(a, "var/datasets/" + name);
                var importer = new MovieLensImporter(a.decimal("like-at", MovieLensImporter.DEFAULTS.likeAt()));
                a.rejectUnknown();
                r = importer.importFolder(input, out, name);
            }
            default -> throw new IllegalArgumentException("unknown import format '" + format + "' (kuairec or movielens)");
        }
        System.err.println("imported " + r);
        if (post != null) post(r.dir(), URI.create(post), batch);
    }

    private static void post(Args a) {
        Path dir = Path.of(a.required("dataset"));
        URI url = URI.create(a.required("url"));
        int batch = a.integer("batch-size", 500);
        String part = a.get("part", "all");
        var untimedStart = java.time.Instant.parse(a.get("untimed-start", StreamPart.DEFAULT_UNTIMED_START.toString()));
        var d = Dataset.load(dir);
        StreamPart selection;
        switch (part) {
            case "all" -> selection = StreamPart.all(d, untimedStart);
            case "train" -> {
                var split = Split.named(d, a.get("split", Split.defaultKind(d)), a.decimal("test-fraction", 0.2),
                        a.integer("last-n", 5), a.longValue("seed", 42));
                boolean[] rows = new boolean[d.rows];
                for (int i = 0; i < d.rows; i++) rows[i] = split.isTrain(i);
                selection = StreamPart.of(d, rows, split.now() == Dataset.NO_TIME ? Dataset.NO_TIME : split.now(), untimedStart,
                        "training part of " + split.description());
            }
            default -> throw new IllegalArgumentException("--part must be all or train, was " + part);
        }
        a.rejectUnknown();
        System.err.println("posting " + selection.description());
        long sent = EventStreamer.to(url, batch).stream(d, selection);
        long last = Long.MIN_VALUE;
        for (int i = 0; i < d.rows; i++) if (selection.rows()[i]) last = Math.max(last, selection.rowTime()[i]);
        System.err.printf(Locale.ROOT, "posted %,d events to %s%n", sent, url);
        // One machine-readable line for scripts (scripts/parity publishes embeddings as of this time).
        if (last != Long.MIN_VALUE) System.out.println("last-event-time " + java.time.Instant.ofEpochMilli(last));
    }

    private static void benchEvents(Args a) {
        Path dir = Path.of(a.required("dataset"));
        URI url = URI.create(a.get("url", "http://127.0.0.1:8081/v1/events"));
        String order = a.get("order", "file");
        if (!dev.reelrank.pipeline.bench.EventBench.orders().contains(order)) {
            throw new IllegalArgumentException("--order must be one of " + dev.reelrank.pipeline.bench.EventBench.orders());
        }
        var options = new dev.reelrank.pipeline.bench.EventBench.Options(url, a.integer("threads", 4), a.integer("batch-size", 500),
                java.time.Duration.ofSeconds(a.integer("seconds", 60)),
                dev.reelrank.pipeline.bench.EventBench.Order.valueOf(order.toUpperCase(Locale.ROOT)), !a.flag("no-videos"),
                a.decimal("rate", 0));
        a.rejectUnknown();
        var d = Dataset.load(dir);
        dev.reelrank.pipeline.bench.EventBench.Result result;
        try {
            result = new dev.reelrank.pipeline.bench.EventBench(d, options, System.err).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        System.out.print(dev.reelrank.pipeline.bench.EventBench.markdown(options, d, result));
    }

    private static void benchFreshness(Args a) {
        Path dir = Path.of(a.required("dataset"));
        URI events = URI.create(a.get("url", "http://127.0.0.1:8081/v1/events"));
        URI feed = URI.create(a.get("feed-url", "http://127.0.0.1:8080"));
        var load = new dev.reelrank.pipeline.bench.EventBench.Options(events, a.integer("threads", 4), a.integer("batch-size", 500),
                java.time.Duration.ofHours(1), dev.reelrank.pipeline.bench.EventBench.Order.FILE, false, a.decimal("rate", 5000));
        var options = new dev.reelrank.pipeline.bench.FreshnessBench.Options(events, feed, a.integer("probes", 100),
                a.integer("video-probes", 30), load, java.time.Duration.ofSeconds(a.integer("timeout-seconds", 10)), a.integer("poll-ms", 20));
        a.rejectUnknown();
        var d = Dataset.load(dir);
        try {
            var result = new dev.reelrank.pipeline.bench.FreshnessBench(d, options, System.err).run();
            System.out.print(dev.reelrank.pipeline.bench.FreshnessBench.markdown(options, d, result));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("bench-freshness failed: " + e, e);
        }
    }

    private static void post(Path dir, URI url, int batch) {
        var d = Dataset.load(dir);
        long sent = EventStreamer.to(url, batch).stream(d);
        System.err.printf(Locale.ROOT, "posted %,d events to %s%n", sent, url);
    }

    /** The repository root (set by the scripts), against which default output folders resolve. */
    public static Path home() {
        return Path.of(System.getProperty("reelrank.home", "."));
    }

    private static Path outDir(Args a, String defaultUnderHome) {
        String out = a.get("out", null);
        return out != null ? Path.of(out) : home().resolve(defaultUnderHome);
    }

    static String compact(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) return n / 1_000_000 + "m";
        if (n >= 1_000 && n % 1_000 == 0) return n / 1_000 + "k";
        return Long.toString(n);
    }
}
