package dev.reelrank.pipeline.evaluation;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.world.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which interaction rows are held out for testing. Everything the evaluator builds for the systems
 * under test (features, popularity, co-occurrence, priors) reads only rows where {@link #isTrain}
 * holds; test rows only feed the labels.
 *
 * @param test        per row: held out
 * @param now         the evaluation's "now" (requests are made at this time): the split time for a
 *                    time split, else the latest training time ({@link Dataset#NO_TIME} when unknown)
 * @param description how the split was made, for the report
 */
public record Split(boolean[] test, long now, String description) {

    public boolean isTrain(int row) {
        return !test[row];
    }

    public int testRows() {
        int c = 0;
        for (boolean t : test) if (t) c++;
        return c;
    }

    /**
     * The split named on a command line ({@code time}, {@code random} or {@code last-n}); the
     * evaluator and the trainer's {@code --holdout} both call this, so a model can be trained on
     * exactly the rows the evaluator treats as training.
     */
    public static Split named(Dataset d, String kind, double testFraction, int lastN, long seed) {
        return switch (kind) {
            case "time" -> byTime(d, testFraction);
            case "random" -> randomPerUser(d, testFraction, seed);
            case "last-n" -> lastN(d, lastN);
            default -> throw new IllegalArgumentException("split must be time, random or last-n, was " + kind);
        };
    }

    /** The evaluator's default split kind for a dataset: {@code time} when it has timestamps, else {@code random}. */
    public static String defaultKind(Dataset d) {
        return d.manifest.hasTimestamps() ? "time" : "random";
    }

    /** Global time split: the latest {@code testFraction} of timed rows (by time) are test; train is strictly before T. */
    public static Split byTime(Dataset d, double testFraction) {
        long[] times = new long[d.rows];
        int n = 0;
        for (int i = 0; i < d.rows; i++) if (d.time[i] != Dataset.NO_TIME) times[n++] = d.time[i];
        if (n == 0) throw new IllegalArgumentException(d.manifest.name() + " has no timestamps: use --split random or last-n");
        Arrays.sort(times, 0, n);
        long t = times[Math.min(n - 1, (int) Math.floor(n * (1 - testFraction)))];
        boolean[] test = new boolean[d.rows];
        for (int i = 0; i < d.rows; i++) test[i] = d.time[i] == Dataset.NO_TIME || d.time[i] >= t;
        return new Split(test, t, String.format("global time split at %s (train before, test at or after; %.0f%% of rows in test)",
                java.time.Instant.ofEpochMilli(t), 100 * testFraction));
    }

    /** Each row of each user goes to test with probability {@code testFraction}, from a per-user seeded stream. */
    public static Split randomPerUser(Dataset d, double testFraction, long seed) {
        boolean[] test = new boolean[d.rows];
        int[] start = d.userRowStart();
        int[] index = d.userRowIndex(start);
        for (int u = 0; u < d.userCount(); u++) {
            SplittableRandom r = Seeds.stream(seed, 97, u);
            for (int k = start[u]; k < start[u + 1]; k++) test[index[k]] = r.nextDouble() < testFraction;
        }
        return new Split(test, latestTrainTime(d, test),
                String.format("random per user (seed %d, %.0f%% of each user's rows in test)", seed, 100 * testFraction));
    }

    /** The last {@code n} rows of each user (by time, file order without times) are test. */
    public static Split lastN(Dataset d, int n) {
        boolean[] test = new boolean[d.rows];
        int[] start = d.userRowStart();
        int[] index = d.userRowIndex(start);
        for (int u = 0; u < d.userCount(); u++) {
            int from = start[u], to = start[u + 1];
            Integer[] rows = new Integer[to - from];
            for (int k = from; k < to; k++) rows[k - from] = index[k];
            Arrays.sort(rows, (a, b) -> Long.compare(d.time[a], d.time[b])); // stable: file order breaks ties
            for (int k = Math.max(0, rows.length - n); k < rows.length; k++) test[rows[k]] = true;
        }
        return new Split(test, latestTrainTime(d, test), "leave-last-" + n + " per user");
    }

    private static long latestTrainTime(Dataset d, boolean[] test) {
        long max = Dataset.NO_TIME;
        for (int i = 0; i < d.rows; i++) if (!test[i] && d.time[i] != Dataset.NO_TIME) max = Math.max(max, d.time[i]);
        return max;
    }
}
