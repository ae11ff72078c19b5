package dev.reelrank.pipeline;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.EventStreamer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --post URL [--batch-size N]} of generate and import: stream the new data set to the event API. */
final class PostFlags {
    @Option(names = "--post", paramLabel = "URL", description = "Then post the data set as CloudEvents to this event API URL.")
    URI post;

    @Option(names = "--batch-size", paramLabel = "N", description = "Events per request when posting (default ${DEFAULT-VALUE}).")
    int batchSize = 500;

    void postIfAsked(Path dir) {
        if (post == null) return;
        var d = Dataset.load(dir);
        long sent = EventStreamer.to(post, batchSize).stream(d);
        System.err.printf(Locale.ROOT, "posted %,d events to %s%n", sent, post);
    }
}
