package dev.reelrank.pipeline.bench;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.io.Invocation;
import dev.reelrank.pipeline.io.ProjectHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-events}, {@code bench-freshness} and {@code bench-feed}: load on the running product
 * (scripts/bench events|freshness|feed).
 */
public final class BenchCommands {
    private BenchCommands() {}

    /** What both benchmarks post: the data set, where to, and how (threads x batch). */
    static final class Posting {
        @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The data set folder.")
        Path dataset;

        @Option(names = "--url", paramLabel = "URL", description = "The event API (default ${DEFAULT-VALUE}).")
        URI url = URI.create("http://127.0.0.1:8081/v1/events");

        @Option(names = "--threads", paramLabel = "N", description = "Posting threads (default ${DEFAULT-VALUE}).")
        int threads = 4;

        @Option(names = "--batch-size", paramLabel = "N", description = "Events per request (default ${DEFAULT-VALUE}).")
        int batchSize = 500;
    }

    @Command(name = "bench-events", sortOptions = false, usageHelpAutoWidth = true,
            header = "Load on the event API (scripts/bench events).",
            description = "Batches posted back to back, fresh ids, rows cycled in --order; the data set's videos are "
                    + "published first unless --no-videos. Markdown summary on stdout.")
    public static final class Events implements Runnable {
        @Mixin
        Posting posting;

        @Option(names = "--seconds", paramLabel = "S", description = "How long (default ${DEFAULT-VALUE}).")
        int seconds = 60;

        @Option(names = "--order", paramLabel = "file|time|user", description = "Row order (default file).")
        EventBench.Order order = EventBench.Order.FILE;

        @Option(names = "--no-videos", description = "Do not publish the data set's videos first.")
        boolean noVideos;

        @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "Pace to this many events/s over all threads (default 0: as fast as the API answers).")
        double rate;

        @Override
        public void run() {
            var options = new EventBench.Options(posting.url, posting.threads, posting.batchSize, Duration.ofSeconds(seconds), order, !noVideos, rate);
            var d = Dataset.load(posting.dataset);
            EventBench.Result result;
            try {
                result = new EventBench(d, options, System.err).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            System.out.print(EventBench.markdown(options, d, result));
        }
    }

    @Command(name = "bench-freshness", sortOptions = false, usageHelpAutoWidth = true,
            header = "Freshness under load (scripts/bench freshness).",
            description = "While --rate events/s flow: the time from a watch's 202 to a Home feed without that video, and "
                    + "from a video.published's 202 to Up Next of that video holding up_next candidates. Markdown summary on stdout.")
    public static final class Freshness implements Runnable {
        @Mixin
        Posting posting;

        @Option(names = "--feed-url", paramLabel = "URL", description = "feed-assembly (default ${DEFAULT-VALUE}).")
        URI feedUrl = URI.create("http://127.0.0.1:8080");

        @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "Background load, events/s (default ${DEFAULT-VALUE}).")
        double rate = 5000;

        @Option(names = "--probes", paramLabel = "N", description = "Watch probes (default ${DEFAULT-VALUE}).")
        int probes = 100;

        @Option(names = "--video-probes", paramLabel = "N", description = "New-video probes (default ${DEFAULT-VALUE}).")
        int videoProbes = 30;

        @Option(names = "--timeout-seconds", paramLabel = "S", description = "Give a probe up after this (default ${DEFAULT-VALUE}).")
        int timeoutSeconds = 10;

        @Option(names = "--poll-ms", paramLabel = "MS", description = "Feed polling interval (default ${DEFAULT-VALUE}).")
        int pollMs = 20;

        @Override
        public void run() {
            var load = new EventBench.Options(posting.url, posting.threads, posting.batchSize, Duration.ofHours(1), EventBench.Order.FILE, false, rate);
            var options = new FreshnessBench.Options(posting.url, feedUrl, probes, videoProbes, load, Duration.ofSeconds(timeoutSeconds), pollMs);
            var d = Dataset.load(posting.dataset);
            try {
                var result = new FreshnessBench(d, options, System.err).run();
                System.out.print(FreshnessBench.markdown(options, d, result));
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                throw new IllegalStateException("bench-freshness failed: " + e, e);
            }
        }
    }

    @Command(name = "bench-feed", sortOptions = false, usageHelpAutoWidth = true,
            header = "Open-model load on the feed API (scripts/bench feed).",
            description = "Home feed and Up Next requests at fixed arrival rates, one step per rate, each request timed from "
                    + "when it was due (coordinated omission corrected); users drawn Zipf by their activity in the data set. "
                    + "Percentiles per route, errors by kind, fallbacks by reason and served model versions per step: a "
                    + "markdown report on stdout and in --report; progress on stderr.")
    public static final class Feed implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The data set folder: who asks, and which videos seed Up Next.")
        Path dataset;

        @Option(names = "--url", paramLabel = "URL", description = "feed-assembly (default ${DEFAULT-VALUE}).")
        URI url = URI.create("http://127.0.0.1:8080");

        @Option(names = "--rates", split = ",", defaultValue = "50,100,200", paramLabel = "R,R,...",
                description = "Requests/s, one step each (default ${DEFAULT-VALUE}).")
        List<Double> rates;

        @Option(names = "--seconds-per-step", paramLabel = "S", description = "Length of each step (default ${DEFAULT-VALUE}).")
        int secondsPerStep = 30;

        @Option(names = "--warmup-seconds", paramLabel = "S", description = "Load at the first rate before the first step, not recorded (default ${DEFAULT-VALUE}).")
        int warmupSeconds = 10;

        @Option(names = "--up-next-share", paramLabel = "F", description = "Share of Up Next requests, the rest Home feed (default ${DEFAULT-VALUE}).")
        double upNextShare = 0.3;

        @Option(names = "--limit", paramLabel = "N", description = "Items per request (default ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--skew", paramLabel = "S", description = "Zipf exponent over users ranked by activity; 0 = uniform (default ${DEFAULT-VALUE}).")
        double skew = 1.0;

        @Option(names = "--connections", paramLabel = "N", description = "Most requests in flight; a request due beyond that is dropped "
                + "and counted as client_saturated, never delayed (default ${DEFAULT-VALUE}).")
        int connections = 64;

        @Option(names = "--timeout-ms", paramLabel = "MS", description = "Give a request up after this (default ${DEFAULT-VALUE}).")
        int timeoutMs = 1000;

        @Option(names = "--report", paramLabel = "FILE", description = "Where the report goes besides stdout (default var/bench/feed-<timestamp>.md).")
        Path report;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the user, route and video draws (default ${DEFAULT-VALUE}).")
        long seed = 42;

        @Override
        public void run() {
            var options = new FeedBench.Options(url, rates, Duration.ofSeconds(secondsPerStep), Duration.ofSeconds(warmupSeconds),
                    upNextShare, limit, skew, connections, Duration.ofMillis(timeoutMs), seed);
            Path out = report != null ? report
                    : ProjectHome.root().resolve("var/bench/feed-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
            var population = FeedBench.Population.of(Dataset.load(dataset));
            var bench = new FeedBench(population, options, System.err);
            FeedBench.Result result;
            try {
                result = bench.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String markdown = bench.markdown("scripts/bench feed " + Invocation.optionsLine(spec), result);
            spec.commandLine().getOut().print(markdown);
            spec.commandLine().getOut().flush();
            try {
                if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, markdown);
            } catch (IOException e) {
                throw new UncheckedIOException("writing the report to " + out + " failed", e);
            }
            System.err.println("bench feed: report written to " + out);
        }
    }
}
