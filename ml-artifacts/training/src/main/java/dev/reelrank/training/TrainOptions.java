package dev.reelrank.training;

import java.nio.file.Path;

/**
 * Options of a retrieval training run (all on the command line of scripts/train retrieval).
 *
 * @param epochs             upper bound; early stopping usually ends sooner
 * @param batch              positives per step; each row's in-batch negatives are the other rows' positives
 * @param negatives          extra negatives per step, shared by all rows, drawn from popularity^samplingExponent
 * @param temperature        softmax temperature on the cosine scores (lower = sharper)
 * @param learningRate       Adam's learning rate
 * @param samplingExponent   popularity exponent of the negative sampler (1 = as popular as positives, 0 = uniform)
 * @param validationFraction share of the latest positives held out for validation
 * @param maxValidation      held-out examples actually scored (a uniform sample of the tail)
 * @param recallK            the K of the recall@K used for early stopping
 * @param patience           epochs without improvement before stopping
 * @param positiveWatchRatio overrides the dataset manifest's watch-ratio threshold; null = manifest's
 * @param promote            whether to point LATEST at the new version
 * @param holdout            rows removed before anything is built, so that the model never sees the
 *                           evaluator's test rows ({@link Holdout#NONE}: train on the whole dataset)
 * @param logQWeight         weight of the logQ correction in the loss (default {@link #DEFAULT_LOGQ_WEIGHT}):
 *                           1 = the sampled softmax estimates the
 *                           full softmax, so u·v keeps each video's popularity (log of its share of the
 *                           positives); 0 = no correction, u·v learns popularity-free affinity (the in-batch
 *                           negatives push popular videos down); above 1 = popularity counts more than in the
 *                           training log, for held-out data whose exposure favours popular videos even more
 */
public record TrainOptions(Path dataset, Path out, String version, String warmStart, int dimension, int epochs,
                           int batch, int negatives, float temperature, float learningRate, double samplingExponent,
                           double validationFraction, int maxValidation, int recallK, int patience, long seed,
                           Double positiveWatchRatio, boolean promote, Holdout holdout, double logQWeight) {

    /**
     * The evaluator's split to hold out ({@code scripts/evaluate --split/--test-fraction/--last-n/--seed}):
     * its test rows are dropped from the dataset before examples, vocabularies and popularity are built.
     *
     * @param split null for none, else time, random or last-n
     */
    public record Holdout(String split, double testFraction, int lastN, long seed) {
        public static final Holdout NONE = new Holdout(null, 0.2, 5, 42);

        public Holdout {
            if (split != null && !java.util.Set.of("time", "random", "last-n", "default").contains(split)) {
                throw new IllegalArgumentException("--holdout must be none, default, time, random or last-n, was " + split);
            }
            if (!(testFraction > 0 && testFraction < 1)) throw new IllegalArgumentException("--holdout-fraction must be in (0,1)");
        }

        public boolean any() {
            return split != null;
        }
    }

    /**
     * Measured (EVALUATION.md, "Learned retrieval"): 2 beats 1 (the exact full-softmax estimate) and 4 on
     * held-out Recall@500 of the generated world and of KuaiRec, whose positives favour popular videos more
     * than the training log's share of them says.
     */
    public static final double DEFAULT_LOGQ_WEIGHT = 2.0;

    public TrainOptions(Path dataset, Path out, String version, String warmStart, int dimension, int epochs,
                        int batch, int negatives, float temperature, float learningRate, double samplingExponent,
                        double validationFraction, int maxValidation, int recallK, int patience, long seed,
                        Double positiveWatchRatio, boolean promote, Holdout holdout) {
        this(dataset, out, version, warmStart, dimension, epochs, batch, negatives, temperature, learningRate, samplingExponent,
                validationFraction, maxValidation, recallK, patience, seed, positiveWatchRatio, promote, holdout, DEFAULT_LOGQ_WEIGHT);
    }

    public TrainOptions(Path dataset, Path out, String version, String warmStart, int dimension, int epochs,
                        int batch, int negatives, float temperature, float learningRate, double samplingExponent,
                        double validationFraction, int maxValidation, int recallK, int patience, long seed,
                        Double positiveWatchRatio, boolean promote) {
        this(dataset, out, version, warmStart, dimension, epochs, batch, negatives, temperature, learningRate, samplingExponent,
                validationFraction, maxValidation, recallK, patience, seed, positiveWatchRatio, promote, Holdout.NONE);
    }

    public static TrainOptions defaults(Path dataset, Path out) {
        return new TrainOptions(dataset, out, null, null, 64, 10, 512, 256, 0.05f, 0.002f, 0.75, 0.1, 5000, 50, 2, 42,
                null, true);
    }

    public TrainOptions {
        if (holdout == null) holdout = Holdout.NONE;
        if (batch < 2) throw new IllegalArgumentException("--batch must be >= 2");
        if (negatives < 0) throw new IllegalArgumentException("--negatives must be >= 0");
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1");
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0");
        if (!(learningRate > 0)) throw new IllegalArgumentException("--lr must be > 0");
        if (!(validationFraction > 0 && validationFraction < 1)) throw new IllegalArgumentException("--validation-fraction must be in (0,1)");
        if (recallK < 1) throw new IllegalArgumentException("--recall-k must be >= 1");
        if (!(logQWeight >= 0 && logQWeight <= 10)) throw new IllegalArgumentException("--logq-weight must be in [0, 10]");
    }
}
