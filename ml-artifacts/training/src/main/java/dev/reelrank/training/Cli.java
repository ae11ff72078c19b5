package dev.reelrank.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code scripts/train retrieval [--days N | --from <dataset>] [options]}. */
public final class Cli {
    static final String USAGE = """
            usage: scripts/train retrieval [--days N] [--archive DIR] [options]     (from the event archive)
                   scripts/train retrieval --from <dataset folder> [options]        (from an offline set)
              --days N                archive window: interactions of the last N UTC days (default 30)
              --until YYYY-MM-DD      last day of that window (default today, UTC): train on an archive of past days
              --archive DIR           event archive root (default $REELRANK_ARCHIVE_LOCATION or var/archive)
              --archive-memory M      DuckDB memory limit while reading the archive (default 1GB)
              --dim N                 vector dimension (default 64)
              --epochs N              at most N epochs (default 10; early stopping on validation recall)
              --batch N               positives per step (default 512)
              --negatives N           popularity-sampled negatives per step (default 256)
              --version V             artifact version (default tt-YYYYMMDD-HHMMSS, UTC)
              --warm-start V          start from version V's parameters and vocabularies ("latest": the LATEST version)
              --out DIR               models root (default ml-artifacts/models); writes DIR/two-tower/<version>/
              --temperature T         softmax temperature (default 0.05)
              --lr X                  Adam learning rate (default 0.002)
              --sampling-exponent A   negatives ~ popularity^A (default 0.75)
              --validation-fraction F latest share of positives held out (default 0.1)
              --max-validation N      held-out examples scored per epoch (default 5000)
              --recall-k K            early-stopping metric recall@K (default 50)
              --patience N            epochs without improvement before stopping (default 2)
              --positive-watch-ratio R  override the dataset's watch-ratio threshold for positives
              --seed N                (default 42)
              --holdout S             drop the evaluator's test rows first: none (default), default (the
                                      evaluator's default: time with timestamps, else random), time, random, last-n
              --holdout-fraction F    the evaluator's --test-fraction (default 0.2)
              --holdout-last-n N      the evaluator's --last-n (default 5)
              --holdout-seed N        the evaluator's --seed (default 42)
              --logq-weight W         weight of the logQ correction (default 2; 1: u·v keeps popularity as in
                                      the log; 0: popularity-free affinity; > 1: popularity counts more)
              --no-latest             do not point two-tower/LATEST at the new version
            """;

    private Cli() {}

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
        if (dataset == null) {
            if (source.until() != null) today = source.until();
            String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
            dataset = Path.of("var/datasets/archive-" + stamp);
            log.println("reading the archive " + source.archive() + " (" + source.days() + " days to " + today + ") into " + dataset);
            new ArchiveDataset(source.archive(), source.days(), today, source.memoryLimit()).log(log).writeTo(dataset);
        }
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

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        if (!args[0].equals("retrieval")) {
            System.err.println("unknown model '" + args[0] + "' (only: retrieval)\n" + USAGE);
            System.exit(2);
        }
        Parsed parsed;
        try {
            parsed = parse(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        TrainOptions o;
        var cmd = new ArrayList<String>();
        cmd.add("scripts/train");
        cmd.addAll(List.of(args));
        try {
            o = resolve(parsed.options(), parsed.archive(), java.time.LocalDate.now(java.time.ZoneOffset.UTC), System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        var outcome = RetrievalTraining.run(o, cmd, System.err);
        System.out.println(outcome.artifact());
    }

    static Parsed parse(List<String> a) {
        var d = TrainOptions.defaults(null, Path.of("ml-artifacts/models"));
        Path from = null, out = d.out();
        String version = null, warm = null;
        int dim = d.dimension(), epochs = d.epochs(), batch = d.batch(), negatives = d.negatives(), maxVal = d.maxValidation(),
                recallK = d.recallK(), patience = d.patience();
        float temperature = d.temperature(), lr = d.learningRate();
        double exponent = d.samplingExponent(), valFraction = d.validationFraction(), logQWeight = d.logQWeight();
        long seed = d.seed();
        Double ratio = null;
        boolean promote = true;
        String envArchive = System.getenv("REELRANK_ARCHIVE_LOCATION");
        Path archive = Path.of(envArchive != null && !envArchive.isBlank() ? envArchive.replaceFirst("^file://", "") : "var/archive");
        int days = 30;
        String archiveMemory = "1GB";
        java.time.LocalDate until = null;
        String holdout = null;
        double holdoutFraction = 0.2;
        int holdoutLastN = 5;
        long holdoutSeed = 42;
        for (int i = 0; i < a.size(); i++) {
            String k = a.get(i);
            if (k.equals("--no-latest")) { promote = false; continue; }
            if (i + 1 >= a.size()) throw new IllegalArgumentException(k + " needs a value");
            String v = a.get(++i);
            try {
                switch (k) {
                    case "--from" -> from = Path.of(v);
                    case "--archive" -> archive = Path.of(v);
                    case "--days" -> days = Integer.parseInt(v);
                    case "--archive-memory" -> archiveMemory = v;
                    case "--until" -> {
                        try {
                            until = java.time.LocalDate.parse(v);
                        } catch (java.time.format.DateTimeParseException e) {
                            throw new IllegalArgumentException("--until must be a date YYYY-MM-DD, was " + v);
                        }
                    }
                    case "--out" -> out = Path.of(v);
                    case "--version" -> version = v;
                    case "--warm-start" -> warm = v;
                    case "--dim" -> dim = Integer.parseInt(v);
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--negatives" -> negatives = Integer.parseInt(v);
                    case "--temperature" -> temperature = Float.parseFloat(v);
                    case "--lr" -> lr = Float.parseFloat(v);
                    case "--sampling-exponent" -> exponent = Double.parseDouble(v);
                    case "--validation-fraction" -> valFraction = Double.parseDouble(v);
                    case "--max-validation" -> maxVal = Integer.parseInt(v);
                    case "--recall-k" -> recallK = Integer.parseInt(v);
                    case "--patience" -> patience = Integer.parseInt(v);
                    case "--positive-watch-ratio" -> ratio = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--logq-weight" -> logQWeight = Double.parseDouble(v);
                    case "--holdout" -> holdout = v.equals("none") ? null : v;
                    case "--holdout-fraction" -> holdoutFraction = Double.parseDouble(v);
                    case "--holdout-last-n" -> holdoutLastN = Integer.parseInt(v);
                    case "--holdout-seed" -> holdoutSeed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + k);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k + ": not a number: " + v);
            }
        }
        if (days < 1) throw new IllegalArgumentException("--days must be >= 1");
        return new Parsed(new TrainOptions(from, out, version, warm, dim, epochs, batch, negatives, temperature, lr, exponent,
                valFraction, maxVal, recallK, patience, seed, ratio, promote,
                new TrainOptions.Holdout(holdout, holdoutFraction, holdoutLastN, holdoutSeed), logQWeight),
                new ArchiveSource(archive, days, archiveMemory, until));
    }
}
