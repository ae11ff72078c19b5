package dev.reelrank.pipeline;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.EventStreamer;
import dev.reelrank.pipeline.datasets.StreamPart;
import dev.reelrank.pipeline.evaluation.SplitFlags;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code post}: a data set's events to the event API, all of them or the evaluator's training part. */
@Command(name = "post", sortOptions = false, usageHelpAutoWidth = true,
        header = "Post a data set's events to the event API as CloudEvents (scripts/post).",
        description = {"Prints 'last-event-time <instant>' on stdout for scripts.",
                "--part train: only the evaluator's training rows of that split (same defaults as evaluate) and the "
                + "videos published before the split time. Rows without timestamps get a synthetic time: each user's rows "
                + "spread over one day from --untimed-start."})
final class PostCommand implements Runnable {
    enum Part { all, train }

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The data set folder.")
    Path dataset;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The event API, e.g. http://127.0.0.1:8081/v1/events.")
    URI url;

    @Option(names = "--batch-size", paramLabel = "N", description = "Events per request (default ${DEFAULT-VALUE}).")
    int batchSize = 500;

    @Option(names = "--part", paramLabel = "all|train", description = "Which rows (default ${DEFAULT-VALUE}).")
    Part part = Part.all;

    @Option(names = "--untimed-start", paramLabel = "INSTANT", description = "Start of the synthetic times (default ${DEFAULT-VALUE}).")
    Instant untimedStart = StreamPart.DEFAULT_UNTIMED_START;

    @Mixin
    SplitFlags split;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var parsed = spec.commandLine().getParseResult();
        if (part != Part.train && Arrays.stream(SplitFlags.NAMES).anyMatch(parsed::hasMatchedOption)) {
            throw new IllegalArgumentException("--split, --test-fraction, --last-n and --seed go with --part train");
        }
        var d = Dataset.load(dataset);
        StreamPart selection;
        if (part == Part.train) {
            var s = split.of(d);
            boolean[] rows = new boolean[d.rows];
            for (int i = 0; i < d.rows; i++) rows[i] = s.isTrain(i);
            selection = StreamPart.of(d, rows, s.now() == Dataset.NO_TIME ? Dataset.NO_TIME : s.now(), untimedStart,
                    "training part of " + s.description());
        } else {
            selection = StreamPart.all(d, untimedStart);
        }
        System.err.println("posting " + selection.description());
        long sent = EventStreamer.to(url, batchSize).stream(d, selection);
        long last = Long.MIN_VALUE;
        for (int i = 0; i < d.rows; i++) if (selection.rows()[i]) last = Math.max(last, selection.rowTime()[i]);
        System.err.printf(Locale.ROOT, "posted %,d events to %s%n", sent, url);
        // One machine-readable line for scripts (scripts/parity publishes embeddings as of this time).
        if (last != Long.MIN_VALUE) System.out.println("last-event-time " + Instant.ofEpochMilli(last));
    }
}
