package dev.reelrank.pipeline.evaluation;

import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.MaximalMarginalRelevance;
import dev.reelrank.model.PopularSource;
import dev.reelrank.model.PostProcessing;
import dev.reelrank.model.RankingDepth;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.Manifest;
import dev.reelrank.pipeline.evaluation.baselines.ItemKnn;
import dev.reelrank.pipeline.evaluation.baselines.ItemKnnRanker;
import dev.reelrank.pipeline.evaluation.baselines.ItemKnnSource;
import dev.reelrank.pipeline.evaluation.baselines.LoggedOrderRanker;
import dev.reelrank.pipeline.evaluation.baselines.OfflinePopularity;
import dev.reelrank.pipeline.evaluation.baselines.PopularityRanker;
import dev.reelrank.pipeline.evaluation.baselines.RegionPopularSource;
import dev.reelrank.pipeline.evaluation.baselines.VideoPriorRanker;
import dev.reelrank.pipeline.evaluation.learned.AnnVsExact;
import dev.reelrank.pipeline.evaluation.learned.LearnedRanking;
import dev.reelrank.pipeline.evaluation.learned.LearnedRetrieval;
import dev.reelrank.pipeline.evaluation.learned.OfflineRetrievalSignals;
import dev.reelrank.pipeline.evaluation.served.ServedFeedStage;
import dev.reelrank.ranking.HeuristicScorer;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.ranking.StageRanker;
import dev.reelrank.retrieval.SourcePlan;
import dev.reelrank.retrieval.TrendingSource;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: loads a dataset folder, splits it, builds the baselines from the training
 * split, scores them (and the oracle, for a generated world) and writes {@code report.md} and
 * {@code report.json}. Later stages (learned retrieval, ranking, the served feed) join by being
 * added to the stage lists here: they are {@code CandidateSource}, {@code Ranker} or
 * {@code FeedAssembler} like the baselines.
 */
@Command(name = "evaluate", sortOptions = false, usageHelpAutoWidth = true,
        header = "Score recommenders on a data set's test split (scripts/evaluate).",
        description = "The baselines, with --model the learned stages, with --served-url the running product's Home feeds; "
                + "writes report.md and report.json.")
public final class EvaluationCommand implements Runnable {
    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The data set folder.")
    Path dataset;

    @Mixin
    SplitFlags split;

    @Option(names = "--positive-watch-ratio", paramLabel = "R", description = "Watch ratio that makes a positive label (default: the data set's).")
    Double positiveWatchRatio;

    @Option(names = "--max-users", paramLabel = "N", description = "Score at most N users, a seeded sample (default 0: all).")
    int maxUsers;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder (default var/evaluation/<dataset name>, with --served-url .../served).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--region-window-hours", paramLabel = "H", description = "Window of popular-in-region (default ${DEFAULT-VALUE}).")
    long regionWindowHours = 24;

    @Option(names = "--knn-neighbours", paramLabel = "N", description = "item-knn neighbours per video (default ${DEFAULT-VALUE}).")
    int knnNeighbours = 100;

    @Option(names = "--knn-history", paramLabel = "N", description = "item-knn: the user's last N engaged videos (default ${DEFAULT-VALUE}).")
    int knnHistory = 200;

    @Option(names = "--prior-strength", paramLabel = "X", description = "video-prior pseudo-impressions (default ${DEFAULT-VALUE}).")
    double priorStrength = 20;

    @Option(names = "--max-per-channel", paramLabel = "N", description = "The feeds' channel cap (default ${DEFAULT-VALUE}).")
    int maxPerChannel = PostProcessing.DEFAULTS.maxPerChannel();

    @Option(names = "--mmr-lambda", paramLabel = "L", description = "The feeds' MMR lambda, 1 = off (default ${DEFAULT-VALUE}: feed-assembly's).")
    double mmrLambda = PostProcessing.DEFAULTS.mmrLambda();

    @Option(names = "--explore-share", paramLabel = "S", description = "The feeds' exploration share, 0 = off (default ${DEFAULT-VALUE}: feed-assembly's).")
    double exploreShare = PostProcessing.DEFAULTS.exploreShare();

    @Option(names = "--sweep-mmr-lambda", split = ",", paramLabel = "L,L,...",
            description = "Adds one row per value (× each --sweep-explore-share) for every assembled feed, e.g. 1,0.9,0.8,0.6.")
    List<Double> sweepLambdas = List.of();

    @Option(names = "--sweep-explore-share", split = ",", paramLabel = "S,S,...",
            description = "Adds one row per value (× each --sweep-mmr-lambda) for every assembled feed, e.g. 0,0.1,0.2.")
    List<Double> sweepExploreShares = List.of();

    @Option(names = "--model", paramLabel = "DIR",
            description = "A two-tower artifact folder, or a models root with two-tower/LATEST: adds the stages ann and merged "
                    + "(feed-assembly's SourcePlan, the function's defaults) and the ANN-vs-exact recall of the index.")
    Path model;

    @Mixin
    LearnedFlags learnedFlags;

    @Option(names = "--ranking-model", paramLabel = "DIR",
            description = "An MMoE ranking artifact (.../mmoe/<version>) or a models root with mmoe/LATEST: adds its ranker row, "
                    + "scored over the features replayed from the training rows (the state at the split). A model trained with the "
                    + "two-tower similarity is scored with the version its metadata names (two-tower/<version> beside it or under "
                    + "ml-artifacts/models).")
    Path rankingModel;

    @Option(names = "--served-url", paramLabel = "URL",
            description = "Score only the Home feeds the running feed-assembly at URL serves to each scored user; fails unless "
                    + "every answer names one version (--expect-version V if given). Not with --model.")
    URI servedUrl;

    @Option(names = "--limit", paramLabel = "N",
            description = "Length of every list asked for (default ${DEFAULT-VALUE}, the largest K). 20 scores the Home page a client "
                    + "asks for: exploration takes its share of that page and ranking reaches as deep as it does for 20; metrics at "
                    + "K above N are left out. Not with --served-url (--served-limit).")
    int limit = Evaluator.KS[Evaluator.KS.length - 1];

    @Option(names = "--served-limit", paramLabel = "N", description = "Feed size asked for, with --served-url (default ${DEFAULT-VALUE}).")
    int servedLimit = 100;

    @Option(names = "--served-retries", paramLabel = "N", description = "Retries of a failed feed request, with --served-url (default ${DEFAULT-VALUE}).")
    int servedRetries = 3;

    @Option(names = "--expect-version", paramLabel = "V", description = "The model version every served answer must name.")
    String expectVersion;

    @Spec
    CommandSpec spec;

    /**
     * Options with their defaults; every one is a command-line flag. {@code post}: the assembled feeds'
     * post-processing (its channel cap is {@code maxPerChannel}); {@code sweep}: extra rows of them.
     */
    record Options(Path dataset, String split, double testFraction, int lastN, long seed, Double positiveWatchRatio,
                   int maxUsers, Path out, int threads, boolean quiet, long regionWindowHours, int knnNeighbours,
                   int knnHistory, double priorStrength, int maxPerChannel, Learned learned, Path rankingModel,
                   PostProcessing post, Sweep sweep, int limit) {
        Options {
            post = (post == null ? PostProcessing.DEFAULTS : post).withMaxPerChannel(maxPerChannel);
            if (sweep == null) sweep = Sweep.NONE;
            if (limit <= 0) limit = Evaluator.KS[Evaluator.KS.length - 1];
        }

        Options(Path dataset, String split, double testFraction, int lastN, long seed, Double positiveWatchRatio,
                int maxUsers, Path out, int threads, boolean quiet, long regionWindowHours, int knnNeighbours,
                int knnHistory, double priorStrength, int maxPerChannel, Learned learned, Path rankingModel) {
            this(dataset, split, testFraction, lastN, seed, positiveWatchRatio, maxUsers, out, threads, quiet, regionWindowHours,
                    knnNeighbours, knnHistory, priorStrength, maxPerChannel, learned, rankingModel, null, null, 0);
        }

        Options(Path dataset, String split, double testFraction, int lastN, long seed, Double positiveWatchRatio,
                int maxUsers, Path out, int threads, boolean quiet, long regionWindowHours, int knnNeighbours,
                int knnHistory, double priorStrength, int maxPerChannel, Learned learned) {
            this(dataset, split, testFraction, lastN, seed, positiveWatchRatio, maxUsers, out, threads, quiet, regionWindowHours,
                    knnNeighbours, knnHistory, priorStrength, maxPerChannel, learned, null);
        }

        /** Baselines only (no learned stages). */
        Options(Path dataset, String split, double testFraction, int lastN, long seed, Double positiveWatchRatio, int maxUsers, Path out,
                int threads, boolean quiet, long regionWindowHours, int knnNeighbours, int knnHistory, double priorStrength, int maxPerChannel) {
            this(dataset, split, testFraction, lastN, seed, positiveWatchRatio, maxUsers, out, threads, quiet, regionWindowHours,
                    knnNeighbours, knnHistory, priorStrength, maxPerChannel, null);
        }
    }

    /**
     * Post-processing settings to score beside the served ones: every λ × every share (an empty list
     * is the served value alone); none at all: no extra rows.
     */
    record Sweep(List<Double> lambdas, List<Double> exploreShares) {
        static final Sweep NONE = new Sweep(List.of(), List.of());

        Sweep {
            lambdas = List.copyOf(lambdas);
            exploreShares = List.copyOf(exploreShares);
        }

        /** The settings of each extra row, each a copy of {@code served} with one λ and one share. */
        List<PostProcessing> points(PostProcessing served) {
            if (lambdas.isEmpty() && exploreShares.isEmpty()) return List.of();
            var out = new ArrayList<PostProcessing>();
            for (double l : lambdas.isEmpty() ? List.of(served.mmrLambda()) : lambdas) {
                for (double e : exploreShares.isEmpty() ? List.of(served.exploreShare()) : exploreShares) {
                    out.add(served.withMmrLambda(l).withExploreShare(e));
                }
            }
            return out;
        }

        /** The row's name: the feed's, with its λ and share. */
        static String name(String feed, PostProcessing p) {
            return String.format(java.util.Locale.ROOT, "%s[mmr %s, explore %s]", feed, trim(p.mmrLambda()), trim(p.exploreShare()));
        }

        private static String trim(double x) {
            return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        }
    }

    /** The flags of the learned stages; they apply only with {@code --model}. Defaults: the function's own. */
    public static final class LearnedFlags {
        @Option(names = "--ann-ef", paramLabel = "N", description = "With --model: HNSW search ef (default ${DEFAULT-VALUE}).")
        int efSearch = HnswConfig.DEFAULT.efSearch();

        @Option(names = "--ann-m", paramLabel = "N", description = "HNSW max connections (default ${DEFAULT-VALUE}).")
        int maxConn = HnswConfig.DEFAULT.maxConn();

        @Option(names = "--ann-beam", paramLabel = "N", description = "HNSW build beam width (default ${DEFAULT-VALUE}).")
        int beamWidth = HnswConfig.DEFAULT.beamWidth();

        @Option(names = "--ann-exact-scan-max-vectors", paramLabel = "N", description = "An index of at most N vectors is searched by an exact "
                + "scan, as feed-assembly's is; 0: always the HNSW graph, which --ann-queries then measures (default ${DEFAULT-VALUE}).")
        int exactScanMaxVectors = HnswConfig.DEFAULT.exactScanMaxVectors();

        @Option(names = "--ann-queries", paramLabel = "N", description = "Users whose index top-K is compared with the exact scan, 0: skip (default ${DEFAULT-VALUE}).")
        int annQueries = 1000;

        @Option(names = "--quota-ann", paramLabel = "N", description = "merged: ann quota (default ${DEFAULT-VALUE}).")
        int quotaAnn = SourcePlan.DEFAULTS.ann().quota();

        @Option(names = "--quota-subscriptions", paramLabel = "N", description = "merged: subscriptions quota (default ${DEFAULT-VALUE}).")
        int quotaSubscriptions = SourcePlan.DEFAULTS.subscriptions().quota();

        @Option(names = "--quota-trending", paramLabel = "N", description = "merged: trending quota (default ${DEFAULT-VALUE}).")
        int quotaTrending = SourcePlan.DEFAULTS.trending().quota();

        @Option(names = "--quota-fresh", paramLabel = "N", description = "merged: fresh quota (default ${DEFAULT-VALUE}).")
        int quotaFresh = SourcePlan.DEFAULTS.fresh().quota();

        @Option(names = "--quota-popular", paramLabel = "N", description = "merged: popular quota (default ${DEFAULT-VALUE}).")
        int quotaPopular = SourcePlan.DEFAULTS.popularQuota();

        @Option(names = "--overfetch-cap", paramLabel = "N", description = "merged: over-fetch cap (default ${DEFAULT-VALUE}).")
        int overfetchCap = SourcePlan.DEFAULTS.overfetchCap();

        @Option(names = "--subscriptions-max-channels", paramLabel = "N", description = "merged: channels read for subscriptions (default ${DEFAULT-VALUE}).")
        int subscriptionsMaxChannels = SourcePlan.DEFAULTS.subscriptionsMaxChannels();

        @Option(names = "--subscriptions-per-channel", paramLabel = "N", description = "merged: uploads per subscribed channel (default ${DEFAULT-VALUE}).")
        int subscriptionsPerChannel = SourcePlan.DEFAULTS.subscriptionsPerChannel();

        @Option(names = "--trending-window-hours", paramLabel = "H", description = "merged: trending window (default ${DEFAULT-VALUE}).")
        long trendingWindowHours = RetrievalStoreConfig.defaults().trendingWindow().toHours();

        @Option(names = "--channel-uploads-kept", paramLabel = "N", description = "merged: uploads kept per channel (default ${DEFAULT-VALUE}).")
        int channelUploadsKept = RetrievalStoreConfig.defaults().channelUploadsKept();

        @Option(names = "--fresh-kept", paramLabel = "N", description = "merged: fresh videos kept per scope (default ${DEFAULT-VALUE}).")
        int freshKept = RetrievalStoreConfig.defaults().freshKept();

        @Option(names = "--ranking-depth-per-item", split = ",", paramLabel = "D[,D...]",
                description = "Ranked feeds: places of the merge ranked per item of the page beyond the retrieval window, -1 = all "
                        + "(feed-assembly's reelrank.ranking.depth-per-item, default ${DEFAULT-VALUE}); several values: one row each.")
        List<Integer> rankingDepthPerItem = List.of(RankingDepth.DEFAULT_PER_ITEM);
    }

    /**
     * The learned retrieval stages ({@code ann}, {@code merged}), present when {@code --model} is given.
     * The merged feed is feed-assembly's own source list ({@link SourcePlan}, defaults
     * {@link SourcePlan#DEFAULTS}); the retrieval signals default to {@link RetrievalStoreConfig#defaults()},
     * the index to {@link HnswConfig#DEFAULT}: the function's defaults, not copies of them.
     *
     * @param model          an artifact folder (.../two-tower/&lt;version&gt;) or a models root with two-tower/LATEST
     * @param annQueries     users whose index top-K is compared with the exact scan (0: skip)
     * @param plan           the sources of the merged feed, their quotas and tunables
     */
    record Learned(Path model, int efSearch, int maxConn, int beamWidth, int exactScanMaxVectors, int annQueries, SourcePlan plan,
                   long trendingWindowHours, int channelUploadsKept, int freshKept, List<Integer> rankingDepthsPerItem) {
        Learned {
            rankingDepthsPerItem = rankingDepthsPerItem == null || rankingDepthsPerItem.isEmpty()
                    ? List.of(RankingDepth.DEFAULT_PER_ITEM) : List.copyOf(rankingDepthsPerItem);
        }

        /** From the command line: every flag overrides one default. */
        static Learned of(Path model, LearnedFlags f) {
            var d = SourcePlan.DEFAULTS;
            var plan = new SourcePlan(d.ann().withQuota(f.quotaAnn), d.upNext(), d.subscriptions().withQuota(f.quotaSubscriptions),
                    d.trending().withQuota(f.quotaTrending), d.fresh().withQuota(f.quotaFresh), f.quotaPopular, f.overfetchCap,
                    f.subscriptionsMaxChannels, f.subscriptionsPerChannel, d.upNextSeedWeight(), d.freshMatching());
            return new Learned(model, f.efSearch, f.maxConn, f.beamWidth, f.exactScanMaxVectors, f.annQueries, plan, f.trendingWindowHours,
                    f.channelUploadsKept, f.freshKept, f.rankingDepthPerItem);
        }
    }

    @Override
    public void run() {
        var parsed = spec.commandLine().getParseResult();
        if (model == null) {
            for (var o : spec.mixins().get("learnedFlags").options()) {
                if (parsed.hasMatchedOption(o)) throw new IllegalArgumentException(o.longestName() + " goes with --model");
            }
        }
        if (servedUrl == null) {
            for (String name : new String[] {"--served-limit", "--served-retries"}) {
                if (parsed.hasMatchedOption(name)) throw new IllegalArgumentException(name + " goes with --served-url");
            }
        } else if (parsed.hasMatchedOption("--limit")) {
            throw new IllegalArgumentException("--limit does not go with --served-url: --served-limit N");
        }
        if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
        if (servedUrl != null && rankingModel != null) throw new IllegalArgumentException("--served-url and --ranking-model are separate runs");
        if (servedUrl != null && model != null) throw new IllegalArgumentException("--served-url and --model are separate runs");
        Manifest m = Manifest.read(dataset);
        var served = servedUrl == null ? null : new ServedFeedStage(servedUrl, servedLimit, servedRetries);
        Path reportDir = out != null ? out : dev.reelrank.pipeline.io.ProjectHome.root().resolve("var/evaluation/" + m.name());
        if (served != null && out == null) reportDir = reportDir.resolve("served");
        var o = new Options(dataset, split.kind != null ? split.kind : m.hasTimestamps() ? "time" : "random", split.testFraction,
                split.lastN, split.seed, positiveWatchRatio != null ? positiveWatchRatio : m.positiveWatchRatio(), maxUsers, reportDir,
                threads, quiet, regionWindowHours, knnNeighbours, knnHistory, priorStrength, maxPerChannel,
                model == null ? null : Learned.of(model, learnedFlags), rankingModel,
                PostProcessing.DEFAULTS.withMmrLambda(mmrLambda).withExploreShare(exploreShare), new Sweep(sweepLambdas, sweepExploreShares),
                limit);
        String command = "scripts/evaluate " + dev.reelrank.pipeline.io.Invocation.optionsLine(spec);
        Report report = served == null ? evaluate(o, command) : evaluateServed(o, served, expectVersion, command);
        try {
            Files.createDirectories(o.out());
            Files.writeString(o.out().resolve("report.md"), report.markdown());
            Manifest.JSON.writeValue(o.out().resolve("report.json").toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(report.markdown());
        if (!o.quiet()) System.err.println("wrote " + o.out().resolve("report.md") + " and report.json");
    }

    /**
     * Scores only the feeds the running product serves ({@code --served-url}): same split, labels,
     * scored users and metrics as the offline stages; K larger than the feed asked for is left out.
     * Fails when the answers name more than one version, or not {@code expectVersion}.
     */
    static Report evaluateServed(Options o, ServedFeedStage served, String expectVersion, String command) {
        var in = Prepared.load(o);
        var results = new Evaluator(in.train(), in.features(), in.truth(), o.threads(), !o.quiet())
                .run(List.of(served), List.of(), o.maxUsers(), o.seed());
        var summary = served.summary();
        summary.requireOneVersion(expectVersion);
        var lists = upTo(results.lists(), served.limit());
        var describe = new LinkedHashMap<String, String>();
        describe.put(served.name(), "the Home feed served by " + summary.url() + " (limit " + served.limit()
                + ", X-Region = the user's home region), items in served order. " + summary.markdown().trim());
        return in.report(results, describe, lists, command, null, summary);
    }

    static Report evaluate(Options o, String command) {
        var in = Prepared.load(o);
        Dataset d = in.d();
        TrainingData train = in.train();
        OfflineFeatureStore features = in.features();
        int maxK = Evaluator.KS[Evaluator.KS.length - 1];
        // Popular lists must outlast the largest quota after the seen filter removes a heavy user's history.
        var popularity = new OfflinePopularity(train, o.regionWindowHours() * 3_600_000L, maxK + 2_000);
        var knn = new ItemKnn(train, o.knnNeighbours(), o.knnHistory(), o.threads());
        var truth = in.truth();

        var stages = new ArrayList<ListStage>();
        var describe = new LinkedHashMap<String, String>();
        var popular = new PopularSource(popularity);
        var regional = new RegionPopularSource(popularity);
        var itemKnn = new ItemKnnSource(knn);
        stages.add(ListStage.of("most-popular", popular));
        describe.put("most-popular", "the product's PopularSource over training popularity (EngagementWeights), whole catalogue");
        stages.add(ListStage.of("popular-in-region-1d", regional));
        describe.put("popular-in-region-1d", d.manifest.hasRegions() && in.split().now() != Dataset.NO_TIME
                ? "popularity in the user's home region over the " + o.regionWindowHours() + " h before the split time"
                : "no regions or no times in this data: same as most-popular");
        stages.add(ListStage.of("item-knn", itemKnn));
        describe.put("item-knn", "item-to-item cosine co-occurrence of engaged videos (" + o.knnNeighbours()
                + " neighbours per video, last " + o.knnHistory() + " per user), scored against the user's recent history");
        var prior = new VideoPriorRanker(train, o.priorStrength());
        // Video vectors for MMR: the learned index's once --model opened it, none for the baselines alone.
        var vectors = new java.util.concurrent.atomic.AtomicReference<>(MaximalMarginalRelevance.Embeddings.NONE);
        MaximalMarginalRelevance.Embeddings embeddings = (request, ids) -> vectors.get().vectors(request, ids);
        // Impression fatigue rests videos by their age at serving time: here, the split time the feeds are served at.
        java.time.Clock servedAt = in.split().now() != Dataset.NO_TIME
                ? java.time.Clock.fixed(java.time.Instant.ofEpochMilli(in.split().now()), java.time.ZoneOffset.UTC) : java.time.Clock.systemUTC();
        var baselineSources = List.of(new FeedAssembler.SourceQuota(itemKnn, maxK),
                new FeedAssembler.SourceQuota(regional, maxK / 2), new FeedAssembler.SourceQuota(popular, maxK + 1_000));
        String feedName = "feed(knn+region+popular->prior)";
        for (PostProcessing post : withSweep(o)) {
            String name = post == o.post() ? feedName : Sweep.name(feedName, post);
            stages.add(ListStage.of(name, new FeedAssembler(baselineSources, prior, post.steps(embeddings, features, servedAt), features, Runnable::run,
                    "baseline-retrieval", () -> List.of())));
            describe.put(name, "the product's FeedAssembler: item-knn, popular-in-region and most-popular candidates, ranked by "
                    + "video-prior, then " + describe(post, o.learned() != null));
        }
        // Opened before the feed rows: with --model too, the served ranker's feed rows (and the sweep's) use it.
        // A model that reads the two-tower similarity is scored with the version its metadata names.
        LearnedRanking learnedRanker = o.rankingModel() == null ? null
                : LearnedRanking.open(o.rankingModel(), null, dev.reelrank.pipeline.io.ProjectHome.root(), train, o.quiet() ? null : System.err);
        LearnedRetrieval learned = null;
        AnnVsExact.Result annVsExact = null;
        if (o.learned() != null) {
            var l = o.learned();
            learned = LearnedRetrieval.open(l.model(), train, HnswConfig.DEFAULT.withEfSearch(l.efSearch()).withMaxConn(l.maxConn())
                    .withBeamWidth(l.beamWidth()).withExactScanMaxVectors(l.exactScanMaxVectors()).withIndexThreads(Math.max(1, o.threads())),
                    dev.reelrank.pipeline.io.ProjectHome.root(), System.err);
            vectors.set(MaximalMarginalRelevance.Embeddings.of(learned.index));
            if (l.annQueries() > 0) {
                annVsExact = AnnVsExact.measure(learned, train, features, l.annQueries(), o.seed());
                System.err.print(annVsExact.markdown());
            }
            var plan = l.plan();
            var ann = learned.annSource(plan.overfetchCap());
            stages.add(ListStage.of("ann", ann));
            describe.put("ann", "the product's AnnSource: user tower of model " + learned.model.version() + " over the user's offline features, "
                    + "searched in an EmbeddedHnswIndex (M " + l.maxConn() + ", beam " + l.beamWidth() + ", ef " + l.efSearch() + "; "
                    + (learned.index.searchesExactly() ? "an exact scan: it holds at most " + l.exactScanMaxVectors() + " vectors"
                            : l.exactScanMaxVectors() == 0 ? "the graph: exact scans off" : "the graph: it holds more than " + l.exactScanMaxVectors() + " vectors")
                    + ") of the video tower's vectors of the "
                    + String.format(java.util.Locale.ROOT, "%,d", learned.videoIds.size()) + " videos published by the split time");
            var trendingPopularity = new OfflinePopularity(train, l.trendingWindowHours() * 3_600_000L, maxK + 2_000);
            var signals = new OfflineRetrievalSignals(train, trendingPopularity, l.channelUploadsKept(), l.freshKept());
            // The function's own source list, bound to this one model version.
            var sources = plan.sources(new SourcePlan.Inputs(SourcePlan.VersionBinding.fixed(learned.versionInputs(features)),
                    signals, features, popularity));
            var merged = new FeedAssembler(sources, null, List.of(), features, Runnable::run, learned.model.version(), () -> List.of());
            String name = "merged";
            stages.add(ListStage.ofRetrieval(name, merged));
            describe.put(name, "FeedAssembler.retrieve over feed-assembly's SourcePlan, as the Home feed retrieves: "
                    + homeOrder(sources, l.trendingWindowHours()) + "; merged in that order, de-duplicated, then SeenFilter; no ranker");
            // The fallback rule: the heuristic may only reorder within a few places of this merge.
            var heuristic = new HeuristicScorer(HeuristicScorer.Params.DEFAULTS);
            var served = new StageRanker(features, heuristic, ScoreCombiner.SERVING_DEFAULT, () -> RankingStages.now(train));
            int configuredWindow = ScoreCombiner.SERVING_DEFAULT.retrievalWindow();
            for (int perItem : l.rankingDepthsPerItem()) {
                // feed-assembly bounds the depth by its configured window, whichever model answers.
                var depth = new RankingDepth(configuredWindow, perItem);
                String rankedName = "merged->" + heuristic.modelVersion() + "(window " + ScoreCombiner.SERVING_DEFAULT.windowFor(heuristic.modelVersion())
                        + depthName(l, perItem) + ")";
                for (PostProcessing post : withSweep(o)) {
                    String row = post == o.post() ? rankedName : Sweep.name(rankedName, post);
                    stages.add(ListStage.of(row, new FeedAssembler(sources, depth.bound(served), post.steps(embeddings, features, servedAt), features,
                            Runnable::run, learned.model.version(), () -> List.of())));
                    describe.put(row, "merged, then ranked as feed-assembly ranks with its fallback rule (re-ranking with reelrank.ranking.model=heuristic, or no model version): " + heuristic.modelVersion() + " may reorder only "
                            + "within " + ScoreCombiner.SERVING_DEFAULT.windowFor(heuristic.modelVersion()) + " places of the merge "
                            + "(reelrank.ranking.retrieval-window), " + describe(depth) + ", then " + describe(post, true));
                }
                if (learnedRanker != null) {
                    // The product's default: the learned model over the same merge, post-processed as served.
                    int window = ScoreCombiner.SERVING_DEFAULT.windowFor(learnedRanker.version());
                    String learnedName = "merged->" + learnedRanker.version() + "(window " + window + depthName(l, perItem) + ")";
                    for (PostProcessing post : withSweep(o)) {
                        String row = post == o.post() ? learnedName : Sweep.name(learnedName, post);
                        stages.add(ListStage.of(row, new FeedAssembler(sources, depth.bound(learnedRanker.served()), post.steps(embeddings, features, servedAt),
                                features, Runnable::run, learned.model.version(), () -> List.of())));
                        describe.put(row, "merged, then ranked as feed-assembly ranks by default with a learned model: " + learnedRanker.version()
                                + " (its click objective, ScoreCombiner.SERVING_DEFAULT) may reorder within " + window + " places of the merge, "
                                + describe(depth) + ", then " + describe(post, true));
                    }
                }
            }
        }
        if (truth != null) {
            stages.add(ListStage.of("oracle", truth.oracleSource()));
            describe.put("oracle", "recommends by the generated world's true affinity at the split time: the ceiling, not a baseline");
        }
        var stageHeuristic = RankingStages.heuristic(train, features);
        var rankers = new ArrayList<>(List.of(
                new RankerStage(LoggedOrderRanker.VERSION, new LoggedOrderRanker(), false),
                new RankerStage("video-prior", prior, true),
                new RankerStage("popularity", new PopularityRanker(train), false),
                new RankerStage("item-knn", new ItemKnnRanker(knn), false),
                stageHeuristic));
        describe.put(LoggedOrderRanker.VERSION, d.manifest.hasImpressions()
                ? "each slate in its logged order (the order the logging policy's retrieval showed it)"
                : "each user's test rows in file order (these data have no slates, so no retrieval order: a reference only)");
        if (learnedRanker != null) {
            var stage = learnedRanker.stage();
            rankers.add(stage);
            describe.put(stage.name(), learnedRanker.describe());
            rankers.add(learnedRanker.clickHead());
            describe.put(learnedRanker.clickHead().name(), learnedRanker.describeClickHead());
        }
        if (truth != null) {
            rankers.add(new RankerStage("true-affinity", truth.affinityRanker(), false));
            describe.put("true-affinity", "generated world only: each slate ordered by the user's true affinity at the split time "
                    + "(the ceiling; clicks also depend on position and noise)");
        }
        describe.put(stageHeuristic.name(), "stages/ranking's StageRanker as re-ranking serves it: HeuristicScorer (re-ranking's "
                + "defaults) over the offline features, its objectives summed, ordered by its own score");
        describe.put("video-prior", d.manifest.hasImpressions()
                ? "each video's training click-through rate, shrunk toward the global rate (" + o.priorStrength() + " pseudo-impressions)"
                : "each video's training positive rate, shrunk toward the global rate (" + o.priorStrength() + " pseudo-rows)");
        describe.put("popularity", "training popularity as a ranking score");

        Evaluator.Results results;
        try {
            results = new Evaluator(train, features, truth, o.threads(), !o.quiet(), o.limit()).run(stages, rankers, o.maxUsers(), o.seed());
        } finally {
            if (learned != null) learned.close();
            if (learnedRanker != null) learnedRanker.close();
        }
        return in.report(results, describe, upTo(results.lists(), o.limit()), command, annVsExact, null);
    }

    /** The metrics at K no longer than the lists asked for: past it they would only repeat the shorter list's. */
    private static Map<String, ListResult> upTo(Map<String, ListResult> results, int limit) {
        var lists = new LinkedHashMap<String, ListResult>();
        results.forEach((name, l) -> {
            var atK = new LinkedHashMap<Integer, ListResult.AtK>();
            l.atK().forEach((k, v) -> { if (k <= limit) atK.put(k, v); });
            lists.put(name, new ListResult(l.users(), atK, l.distinctChannels20(), l.distinctCategories20(), l.categoryDiversity20()));
        });
        return lists;
    }

    /** A row's depth in its name only when the run compares depths or leaves the served one. */
    private static String depthName(Learned l, int perItem) {
        boolean served = l.rankingDepthsPerItem().size() == 1 && perItem == RankingDepth.DEFAULT_PER_ITEM;
        return served ? "" : ", depth " + (perItem < 0 ? "all" : perItem + "/item");
    }

    private static String describe(RankingDepth depth) {
        return depth.of(1) == Integer.MAX_VALUE ? "every unseen candidate ranked (reelrank.ranking.depth-per-item -1)"
                : "the first " + depth.window() + " + " + depth.perItem() + " x limit unseen candidates ranked and the rest appended in merge order "
                        + "(reelrank.ranking.depth-per-item " + depth.perItem() + ")";
    }

    /** The served post-processing first, then the sweep's points. */
    private static List<PostProcessing> withSweep(Options o) {
        var out = new ArrayList<PostProcessing>();
        out.add(o.post());
        out.addAll(o.sweep().points(o.post()));
        return out;
    }

    /** feed-assembly's post-processing as a report describes it. */
    static String describe(PostProcessing p, boolean vectors) {
        return String.format(java.util.Locale.ROOT, "feed-assembly's post-processing: SeenFilter, MMR (lambda %s over the first limit x %d, %s; "
                        + "channel spread penalty %s over the last %d placed), at most %d videos per channel, exploration %s of the places "
                        + "(fresh or < %d impressions among the %d below the page, Thompson sampling on the training counters)",
                Sweep.trim(p.mmrLambda()), p.mmrWindowFactor(), vectors ? "cosines of the two-tower model's video vectors" : "no video vectors: channel only",
                Sweep.trim(p.channelSpreadPenalty()), p.channelSpreadGap(), p.maxPerChannel(), Sweep.trim(p.exploreShare()),
                p.exploreMaxImpressions(), p.explorePool());
    }

    /** The Home merge order with quotas, e.g. "ann 450, subscriptions 100, trending (6 h window, region) 100, ...". */
    static String homeOrder(List<FeedAssembler.SourceQuota> sources, long trendingWindowHours) {
        var parts = new ArrayList<String>();
        for (var sq : sources) {
            String name = sq.source().name();
            if (sq.leadsOn() != null) continue; // up_next: Up Next requests only, nothing on Home
            parts.add(name + (name.equals(TrendingSource.NAME) ? " (" + trendingWindowHours + " h window, region)" : "") + " " + sq.quota());
        }
        return String.join(", ", parts);
    }

    /** What every evaluation starts from: the data set, its split and labels, and the training side's features. */
    private record Prepared(Dataset d, Split split, Labels labels, TrainingData train, OfflineFeatureStore features,
                            WorldTruth truth, long startNanos) {
        static Prepared load(Options o) {
            long t0 = System.nanoTime();
            Dataset d = Dataset.load(o.dataset());
            Split split = Split.named(d, o.split(), o.testFraction(), o.lastN(), o.seed());
            var labels = new Labels(o.positiveWatchRatio());
            var train = new TrainingData(d, split, labels);
            return new Prepared(d, split, labels, train, new OfflineFeatureStore(train, UserFeatureUpdater.DEFAULTS), WorldTruth.load(d), t0);
        }

        Report report(Evaluator.Results results, Map<String, String> describe, Map<String, ListResult> lists, String command,
                      AnnVsExact.Result annVsExact, ServedFeedStage.Summary served) {
            int testRows = split.testRows();
            return new Report(d.manifest.name(), d.manifest.counts(), split.description(), labels.describe(), d.rows - testRows, testRows,
                    results.usersWithTestRows(), results.usersScored(), describe, lists, results.rankings(), command,
                    (System.nanoTime() - startNanos) / 1e9, annVsExact, served, LoggedByBucket.of(d, split));
        }
    }

}
