package dev.reelrank.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code scripts/train retrieval --from <dataset> [options]}. */
public final class Cli {
    static final String USAGE = """
            usage: scripts/train retrieval --from <dataset folder> [options]
              --dim N                 vector dimension (default 64)
              --epochs N              at most N epochs (default 10; early stopping on validation recall)
              --batch N               positives per step (default 512)
              --negatives N           popularity-sampled negatives per step (default 256)
              --version V             artifact version (default tt-YYYYMMDD-HHMMSS, UTC)
              --warm-start V          start from version V's parameters and vocabularies
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
              --no-latest             do not point two-tower/LATEST at the new version
            """;

    private Cli() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        if (!args[0].equals("retrieval")) {
            System.err.println("unknown model '" + args[0] + "' (only: retrieval)\n" + USAGE);
            System.exit(2);
        }
        TrainOptions o;
        try {
            o = parse(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        var cmd = new ArrayList<String>();
        cmd.add("scripts/train");
        cmd.addAll(List.of(args));
        var outcome = RetrievalTraining.run(o, cmd, System.err);
        System.out.println(outcome.artifact());
    }

    static TrainOptions parse(List<String> a) {
        var d = TrainOptions.defaults(null, Path.of("ml-artifacts/models"));
        Path from = null, out = d.out();
        String version = null, warm = null;
        int dim = d.dimension(), epochs = d.epochs(), batch = d.batch(), negatives = d.negatives(), maxVal = d.maxValidation(),
                recallK = d.recallK(), patience = d.patience();
        float temperature = d.temperature(), lr = d.learningRate();
        double exponent = d.samplingExponent(), valFraction = d.validationFraction();
        long seed = d.seed();
        Double ratio = null;
        boolean promote = true;
        for (int i = 0; i < a.size(); i++) {
            String k = a.get(i);
            if (k.equals("--no-latest")) { promote = false; continue; }
            if (i + 1 >= a.size()) throw new IllegalArgumentException(k + " needs a value");
            String v = a.get(++i);
            try {
                switch (k) {
                    case "--from" -> from = Path.of(v);
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
                    default -> throw new IllegalArgumentException("unknown option " + k);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k + ": not a number: " + v);
            }
        }
        if (from == null) throw new IllegalArgumentException("--from <dataset folder> is required");
        return new TrainOptions(from, out, version, warm, dim, epochs, batch, negatives, temperature, lr, exponent,
                valFraction, maxVal, recallK, patience, seed, ratio, promote);
    }
}
