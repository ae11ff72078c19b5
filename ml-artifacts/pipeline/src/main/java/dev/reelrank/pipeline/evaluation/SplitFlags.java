package dev.reelrank.pipeline.evaluation;

import dev.reelrank.pipeline.datasets.Dataset;
import picocli.CommandLine.Option;

/** The evaluator's split on the command line ({@code evaluate}, {@code post --part train}): {@link Split#named}. */
public final class SplitFlags {
    @Option(names = "--split", paramLabel = "time|random|last-n",
            description = "How test rows are chosen (default: time when the data set has timestamps, else random).")
    String kind;

    @Option(names = "--test-fraction", paramLabel = "F", description = "Share of rows in test, time and random splits (default ${DEFAULT-VALUE}).")
    double testFraction = 0.2;

    @Option(names = "--last-n", paramLabel = "N", description = "Rows per user in test, last-n split (default ${DEFAULT-VALUE}).")
    int lastN = 5;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random split and of the user sample (default ${DEFAULT-VALUE}).")
    long seed = 42;

    /** The option names, for commands that take them only in some modes. */
    public static final String[] NAMES = {"--split", "--test-fraction", "--last-n", "--seed"};

    public String kind(Dataset d) {
        return kind != null ? kind : Split.defaultKind(d);
    }

    public Split of(Dataset d) {
        return Split.named(d, kind(d), testFraction, lastN, seed);
    }
}
