package dev.reelrank.training;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.reelrank.rankingmodel.MmoeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/train retrieval [--days N | --from <dataset>] [options]}: a picocli command;
 * {@code scripts/train retrieval --help} lists the options with their defaults.
 */
@Command(name = "scripts/train", subcommands = {Cli.Retrieval.class, Cli.Ranking.class, CommandLine.HelpCommand.class}, usageHelpAutoWidth = true,
        description = "Trains a model from the event archive (default: the last 30 days) or from a data set folder.")
public final class Cli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a model name: the usage, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The options of {@code retrieval}; every field's initial value is the default. */
    @Command(name = "retrieval", sortOptions = false, usageHelpAutoWidth = true,
            header = "Train the two-tower retrieval model.",
            description = {"From the event archive (default) or from an offline data set (--from). Writes "
                    + "<out>/two-tower/<version>/ and points two-tower/LATEST at it unless --no-latest; progress on stderr, "
                    + "the artifact folder on stdout."})
    static final class Retrieval implements Callable<Integer> {
        private static final TrainOptions D = TrainOptions.defaults(null, Path.of("ml-artifacts/models"));

        @Mixin
        DataSource data;

        @Option(names = "--dim", paramLabel = "N", description = "Vector dimension (default ${DEFAULT-VALUE}).")
        int dimension = D.dimension();

        @Option(names = "--epochs", paramLabel = "N", description = "At most N epochs; early stopping on validation recall (default ${DEFAULT-VALUE}).")
        int epochs = D.epochs();

        @Option(names = "--batch", paramLabel = "N", description = "Positives per step (default ${DEFAULT-VALUE}).")
        int batch = D.batch();

        @Option(names = "--negatives", paramLabel = "N", description = "Popularity-sampled negatives per step (default ${DEFAULT-VALUE}).")
        int negatives = D.negatives();

        @Option(names = "--version", paramLabel = "V", description = "Artifact version (default tt-YYYYMMDD-HHMMSS, UTC).")
        String version;

        @Option(names = "--warm-start", paramLabel = "V", description = "Start from version V's parameters and vocabularies (\"latest\": the LATEST version).")
        String warmStart;

        @Option(names = "--out", paramLabel = "DIR", description = "Models root (default ${DEFAULT-VALUE}); writes DIR/two-tower/<version>/.")
        Path out = D.out();

        @Option(names = "--temperature", paramLabel = "T", description = "Softmax temperature (default ${DEFAULT-VALUE}).")
        float temperature = D.temperature();

        @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
        float learningRate = D.learningRate();

        @Option(names = "--sampling-exponent", paramLabel = "A", description = "Negatives ~ popularity^A (default ${DEFAULT-VALUE}).")
        double samplingExponent = D.samplingExponent();

        @Option(names = "--validation-fraction", paramLabel = "F", description = "Latest share of positives held out (default ${DEFAULT-VALUE}).")
        double validationFraction = D.validationFraction();

        @Option(names = "--max-validation", paramLabel = "N", description = "Held-out examples scored per epoch (default ${DEFAULT-VALUE}).")
        int maxValidation = D.maxValidation();

        @Option(names = "--recall-k", paramLabel = "K", description = "Early-stopping metric recall@K (default ${DEFAULT-VALUE}).")
        int recallK = D.recallK();

        @Option(names = "--patience", paramLabel = "N", description = "Epochs without improvement before stopping (default ${DEFAULT-VALUE}).")
        int patience = D.patience();

        @Option(names = "--positive-watch-ratio", paramLabel = "R", description = "Override the data set's watch-ratio threshold for positives.")
        Double positiveWatchRatio;

        @Option(names = "--seed", paramLabel = "N", description = "Initialization, shuffling and negatives (default ${DEFAULT-VALUE}).")
        long seed = D.seed();

        @Option(names = "--holdout", paramLabel = "S", description = "Drop the evaluator's test rows first: none (default), default (the "
                + "evaluator's default: time with timestamps, else random), time, random, last-n.")
        String holdout = "none";

        @Option(names = "--holdout-fraction", paramLabel = "F", description = "The evaluator's --test-fraction (default ${DEFAULT-VALUE}).")
        double holdoutFraction = 0.2;

        @Option(names = "--holdout-last-n", paramLabel = "N", description = "The evaluator's --last-n (default ${DEFAULT-VALUE}).")
        int holdoutLastN = 5;

        @Option(names = "--holdout-seed", paramLabel = "N", description = "The evaluator's --seed (default ${DEFAULT-VALUE}).")
        long holdoutSeed = 42;

        @Option(names = "--logq-weight", paramLabel = "W", description = "Weight of the logQ correction (default ${DEFAULT-VALUE}; 1: u·v keeps "
                + "popularity as in the log; 0: popularity-free affinity; > 1: popularity counts more).")
        double logQWeight = D.logQWeight();

        @Option(names = "--no-latest", description = "Do not point two-tower/LATEST at the new version.")
        boolean noLatest;

        @Spec
        CommandSpec spec;

        /** The options as a training run takes them; IllegalArgumentException names the bad one. */
        Parsed parsed() {
            var archive = data.archiveSource();
            return new Parsed(new TrainOptions(data.from, out, version, warmStart, dimension, epochs, batch, negatives, temperature,
                    learningRate, samplingExponent, validationFraction, maxValidation, recallK, patience, seed, positiveWatchRatio,
                    !noLatest, new TrainOptions.Holdout(holdout.equals("none") ? null : holdout, holdoutFraction, holdoutLastN,
                    holdoutSeed), logQWeight),
                    archive);
        }

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            Parsed p;
            try {
                p = parsed();
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                spec.commandLine().usage(err);
                return 2;
            }
            TrainOptions o;
            try {
                o = resolve(p.options(), p.archive(), LocalDate.now(ZoneOffset.UTC), System.err);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            var cmd = new ArrayList<String>();
            cmd.add("scripts/train");
            cmd.addAll(spec.commandLine().getParseResult().originalArgs());
            var outcome = RetrievalTraining.run(o, cmd, System.err);
            System.out.println(outcome.artifact());
            return 0;
        }
    }

    /** The options of {@code ranking}; every field's initial value is the default. */
    @Command(name = "ranking", sortOptions = false, usageHelpAutoWidth = true,
            header = "Train the MMoE ranking model (click and watch-ratio heads).",
            description = {"From the event archive (default) or from an offline data set (--from), on the training rows of the "
                    + "evaluator's split (--holdout), so scripts/evaluate --ranking-model scores it on rows it never saw. Writes "
                    + "<out>/mmoe/<version>/ and points mmoe/LATEST at it unless --no-latest; progress and metrics on stderr, "
                    + "the artifact folder on stdout."})
    static final class Ranking implements Callable<Integer> {
        private static final MmoeConfig D = MmoeConfig.DEFAULTS;

        @Mixin
        DataSource data;

        @Option(names = "--epochs", paramLabel = "N", description = "At most N epochs; the best by the validation objective is kept (default ${DEFAULT-VALUE}).")
        int epochs = D.epochs();

        @Option(names = "--patience", paramLabel = "N", description = "Epochs without a better validation objective before stopping (default ${DEFAULT-VALUE}).")
        int patience = D.patience();

        @Option(names = "--experts", paramLabel = "N", description = "Shared experts (default ${DEFAULT-VALUE}).")
        int experts = D.experts();

        @Option(names = "--expert-hidden", paramLabel = "W,W", split = ",", description = "Layer widths of each expert (default 64,32).")
        List<Integer> expertHidden = D.expertHidden();

        @Option(names = "--tower-hidden", paramLabel = "W,W", split = ",", description = "Hidden widths of each task tower (default 16).")
        List<Integer> towerHidden = D.towerHidden();

        @Option(names = "--embedding-dim", paramLabel = "N", description = "Width of every categorical embedding (default ${DEFAULT-VALUE}).")
        int embeddingDim = D.embeddingDim();

        @Option(names = "--batch", paramLabel = "N", description = "Rows per step (default ${DEFAULT-VALUE}).")
        int batch = D.batchSize();

        @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
        float learningRate = D.learningRate();

        @Option(names = "--min-count", paramLabel = "N", description = "Training rows an id needs for its own embedding row (default ${DEFAULT-VALUE}).")
        int minCount = D.minCount();

        @Option(names = "--watch-loss-weight", paramLabel = "W", description = "Weight of the watch-ratio loss (default ${DEFAULT-VALUE}).")
        float watchLossWeight = D.watchLossWeight();

        @Option(names = "--validation-fraction", paramLabel = "F", description = "Latest share of training examples held out for "
                + "early stopping (default ${DEFAULT-VALUE}).")
        double validationFraction = D.validationFraction();

        @Option(names = "--seed", paramLabel = "N", description = "Initialization and shuffling (default ${DEFAULT-VALUE}).")
        long seed = D.seed();

        @Option(names = "--no-windows", description = "Leave out the streaming-window features (deployments without the streaming job).")
        boolean noWindows;

        @Option(names = "--positive-watch-ratio", paramLabel = "R", description = "Override the data set's watch-ratio threshold of a positive.")
        Double positiveWatchRatio;

        @Option(names = "--holdout", paramLabel = "S", description = "The evaluator's split whose test rows are left out: default (the "
                + "evaluator's default: time with timestamps, else random; the default here), time, random, last-n, none.")
        String holdout = "default";

        @Option(names = "--holdout-fraction", paramLabel = "F", description = "The evaluator's --test-fraction (default ${DEFAULT-VALUE}).")
        double holdoutFraction = 0.2;

        @Option(names = "--holdout-last-n", paramLabel = "N", description = "The evaluator's --last-n (default ${DEFAULT-VALUE}).")
        int holdoutLastN = 5;

        @Option(names = "--holdout-seed", paramLabel = "N", description = "The evaluator's --seed (default ${DEFAULT-VALUE}).")
        long holdoutSeed = 42;

        @Option(names = "--version", paramLabel = "V", description = "Artifact version (default mmoe-YYYYMMDD-HHMMSS, UTC).")
        String version;

        @Option(names = "--out", paramLabel = "DIR", description = "Models root (default ${DEFAULT-VALUE}); writes DIR/mmoe/<version>/.")
        Path out = Path.of("ml-artifacts/models");

        @Option(names = "--no-latest", description = "Do not point mmoe/LATEST at the new version.")
        boolean noLatest;

        @Option(names = "--retrieval-model", paramLabel = "DIR", description = "The two-tower version (folder, or a models root with "
                + "two-tower/LATEST) whose similarity fills the feature x_similarity of every example: the version feed-assembly will "
                + "serve beside this ranker (then set RANKING_TWO_TOWER_SIMILARITY=true on feed-assembly). Default 'none': the feature "
                + "stays empty (on the generated world it brought no gain, EVALUATION.md), and a ranker without it costs feed-assembly "
                + "no vector read per feed.")
        String retrievalModel;

        @Option(names = "--similarity-missing-share", paramLabel = "F", description = "Share of examples (seeded by the ids) whose "
                + "similarity is left out so the model learns the \"unknown\" case serving meets (default ${DEFAULT-VALUE}).")
        double similarityMissingShare = RankingTraining.SIMILARITY_MISSING_SHARE;

        @Spec
        CommandSpec spec;

        /** The two-tower folder of the similarity feature, or null for none. */
        Path retrievalModel() {
            if (retrievalModel == null || "none".equals(retrievalModel)) return null;
            return Path.of(retrievalModel);
        }

        /** The run's options, the data set still null when reading the archive. IllegalArgumentException names the bad one. */
        RankingTraining.Options options() {
            data.archiveSource();
            MmoeConfig config;
            try {
                config = D.toBuilder().epochs(epochs).patience(patience).experts(experts).expertHidden(expertHidden.toArray(Integer[]::new))
                        .towerHidden(towerHidden.toArray(Integer[]::new)).embeddingDim(embeddingDim).batchSize(batch)
                        .learningRate(learningRate).minCount(minCount).watchLossWeight(watchLossWeight)
                        .validationFraction(validationFraction).seed(seed).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad model option: " + e.getMessage(), e);
            }
            var h = new TrainOptions.Holdout(holdout.equals("none") ? null : holdout, holdoutFraction, holdoutLastN, holdoutSeed);
            if (version != null) dev.reelrank.rankingmodel.RankingArtifacts.checkVersion(version);
            return new RankingTraining.Options(data.from, null, out, version, !noLatest, config, h, positiveWatchRatio, !noWindows,
                    retrievalModel(), similarityMissingShare);
        }

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            RankingTraining.Options o;
            try {
                o = options();
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                spec.commandLine().usage(err);
                return 2;
            }
            if (o.dataset() == null) {
                var source = data.archiveSource();
                Path dataset = exportArchive(source, LocalDate.now(ZoneOffset.UTC), System.err);
                o = new RankingTraining.Options(dataset, "archive " + source.archive() + ", " + source.days() + " days to "
                        + (source.until() != null ? source.until() : LocalDate.now(ZoneOffset.UTC)), o.out(), o.version(), o.promote(), o.config(),
                        o.holdout(), o.positiveWatchRatio(), o.windows(), o.retrievalModel(), o.similarityMissingShare());
            }
            var cmd = new ArrayList<String>();
            cmd.add("scripts/train");
            cmd.addAll(spec.commandLine().getParseResult().originalArgs());
            try {
                var outcome = RankingTraining.run(o, cmd, System.err);
                System.out.println(outcome.artifact());
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            return 0;
        }
    }

    /** Where both models' training rows come from: the event archive (a window of days) or a data set folder. */
    static final class DataSource {
        @Option(names = "--from", paramLabel = "DIR", description = "Train from this data set folder instead of the archive.")
        Path from;

        @Option(names = "--days", paramLabel = "N", description = "Archive window: interactions of the last N UTC days (default ${DEFAULT-VALUE}).")
        int days = 30;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
                description = "Last day of that window (default today, UTC): train on an archive of past days.")
        LocalDate until;

        @Option(names = "--archive", paramLabel = "DIR", description = "Event archive root (default $REELRANK_ARCHIVE_LOCATION or var/archive).")
        Path archive = defaultArchive();

        @Option(names = "--archive-memory", paramLabel = "M", description = "DuckDB memory limit while reading the archive (default ${DEFAULT-VALUE}).")
        String archiveMemory = "1GB";

        static Path defaultArchive() {
            String env = System.getenv("REELRANK_ARCHIVE_LOCATION");
            return Path.of(env != null && !env.isBlank() ? env.replaceFirst("^file://", "") : "var/archive");
        }

        /** The archive window (read only when {@code --from} is absent); IllegalArgumentException names a bad option. */
        ArchiveSource archiveSource() {
            if (days < 1) throw new IllegalArgumentException("--days must be >= 1");
            return new ArchiveSource(archive, days, archiveMemory, until);
        }
    }

    /** {@code --until}: an ISO date, with an error that says so. */
    static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date YYYY-MM-DD");
            }
        }
    }

    /** Where to read when --from is absent. */
    /** @param until last day of the window; null = today */
    record ArchiveSource(Path archive, int days, String memoryLimit, java.time.LocalDate until) {}

    /** @param options dataset is null when training from the archive */
    record Parsed(TrainOptions options, ArchiveSource archive) {}

    /**
     * Without --from, exports the archive window into var/datasets/archive-&lt;stamp&gt; (kept: the
     * model's metadata points at it, so the run can be repeated on exactly the same rows); "latest"
     * as warm start means the version LATEST points at.
     */
    static TrainOptions resolve(TrainOptions o, ArchiveSource source, java.time.LocalDate today, java.io.PrintStream log)
            throws java.io.IOException {
        Path dataset = o.dataset();
        if (dataset == null) dataset = exportArchive(source, today, log);
        String warm = o.warmStart();
        if ("latest".equalsIgnoreCase(warm)) {
            warm = new dev.reelrank.retrievalmodel.ArtifactStore(o.out()).latest()
                    .orElseThrow(() -> new IllegalArgumentException("--warm-start latest: no LATEST under " + o.out()));
            log.println("warm start from " + warm);
        }
        return new TrainOptions(dataset, o.out(), o.version(), warm, o.dimension(), o.epochs(), o.batch(), o.negatives(),
                o.temperature(), o.learningRate(), o.samplingExponent(), o.validationFraction(), o.maxValidation(),
                o.recallK(), o.patience(), o.seed(), o.positiveWatchRatio(), o.promote(), o.holdout(), o.logQWeight());
    }

    /**
     * Exports the archive window into var/datasets/archive-&lt;stamp&gt; (kept: the model's metadata
     * points at it, so the run can be repeated on exactly the same rows); returns that folder.
     */
    static Path exportArchive(ArchiveSource source, LocalDate today, java.io.PrintStream log) throws java.io.IOException {
        if (source.until() != null) today = source.until();
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
        Path dataset = Path.of("var/datasets/archive-" + stamp);
        log.println("reading the archive " + source.archive() + " (" + source.days() + " days to " + today + ") into " + dataset);
        new ArchiveDataset(source.archive(), source.days(), today, source.memoryLimit()).log(log).writeTo(dataset);
        return dataset;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) System.exit(code);
    }

    /** The command tree: a repeated option keeps its last value; errors say "error: ..." and exit 2. */
    static CommandLine commandLine() {
        var cl = new CommandLine(new Cli());
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            var cmd = e.getCommandLine();
            cmd.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.usage(cmd.getErr());
            return 2;
        });
        addHelpOption(cl);
        return cl;
    }

    private static void addHelpOption(CommandLine cl) {
        if (!(cl.getCommandSpec().userObject() instanceof CommandLine.HelpCommand)) {
            cl.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show the options and exit.").build());
        }
        cl.getSubcommands().values().forEach(Cli::addHelpOption);
    }

    /** The options after {@code retrieval}, as a run would take them; IllegalArgumentException names a bad one. */
    static Parsed parse(List<String> args) {
        var r = new Retrieval();
        var cl = new CommandLine(r);
        cl.setOverwrittenOptionsAllowed(true);
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return r.parsed();
    }
}
