package dev.reelrank.pipeline.bench;

import dev.reelrank.model.auth.ClientToken;
import com.google.protobuf.util.JsonFormat;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.EventStreamer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The event API under load, as clients see it: {@code threads} clients each post batches of
 * {@code batchSize} CloudEvents ({@code application/cloudevents-batch+json}) back to back for
 * {@code duration}, built from a data set's interactions in the chosen order (the KuaiRec stream
 * sorted by user as real per-user logs are, or a world in time order), every event with a fresh
 * id. A request counts only when it got 202, i.e. Kafka acknowledged every record (acks=all).
 * Prints one progress line per interval and a Markdown summary with HdrHistogram latencies.
 *
 * <p>The rows' JSON is printed once up front, so the client spends its CPU on HTTP, not on
 * formatting: on a 2-core box the client shares the cores with what it measures.
 */
public final class EventBench {
    public enum Order { FILE, TIME, USER }

    /** @param rate events per second over all threads (paced), 0 = as fast as the API answers */
    public record Options(URI url, int threads, int batchSize, Duration duration, Order order, boolean videosFirst, double rate) {}

    public record Result(long events, long requests, long failures, double seconds, Histogram latency) {
        public double eventsPerSecond() {
            return events / seconds;
        }
    }

    private final Dataset data;
    private final Options options;
    private final PrintStream log;
    /** A row's event data as JSON; for a row that names its request, the part before the request id's value. */
    private final String[] rowJson;
    /** Null for a row without a request id; else the JSON after its value, and the value itself. */
    private final String[] afterRequestId;
    private final String[] requestId;
    private final int[] order;
    private final String source;
    private volatile boolean stopped;
    private static final String REQUEST_MARK = "REELRANK-BENCH-REQUEST-ID";

    public EventBench(Dataset data, Options options, PrintStream log) {
        this.data = data;
        this.options = options;
        this.log = log;
        this.source = "/bench/" + data.manifest.name();
        var printer = JsonFormat.printer().omittingInsignificantWhitespace();
        rowJson = new String[data.rows];
        afterRequestId = new String[data.rows];
        requestId = new String[data.rows];
        for (int i = 0; i < data.rows; i++) {
            var interaction = data.interaction(i);
            if (interaction.getRequestId().isEmpty()) {
                rowJson[i] = EventStreamer.dataJson(printer, interaction);
                continue;
            }
            String json = EventStreamer.dataJson(printer, interaction.toBuilder().setRequestId(REQUEST_MARK).build());
            int at = json.indexOf(REQUEST_MARK);
            rowJson[i] = json.substring(0, at);
            afterRequestId[i] = json.substring(at + REQUEST_MARK.length());
            requestId[i] = interaction.getRequestId();
        }
        order = order(data, options.order());
    }

    static int[] order(Dataset d, Order o) {
        Integer[] rows = IntStream.range(0, d.rows).boxed().toArray(Integer[]::new);
        switch (o) {
            case FILE -> { }
            case TIME -> Arrays.sort(rows, Comparator.comparingLong(r -> d.time[r]));
            case USER -> Arrays.sort(rows, Comparator.comparingInt(r -> d.user[r])); // stable: a user's rows keep their order
        }
        return Arrays.stream(rows).mapToInt(Integer::intValue).toArray();
    }

    public Result run() throws InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        if (options.videosFirst()) postVideos(http, run);

        var recorder = new Recorder(3);
        var total = new Histogram(3);
        var events = new AtomicLong();
        var requests = new AtomicLong();
        var failures = new AtomicLong();
        var cursor = new AtomicLong();
        var firstFailures = new java.util.concurrent.ConcurrentHashMap<Integer, String>();
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < options.threads(); t++) {
            workers.add(Thread.ofPlatform().name("bench-client-" + t).start(() -> {
                var body = new StringBuilder(options.batchSize() * 400);
                // Paced: this thread's share of the rate, one batch per interval, on a fixed schedule.
                long interval = options.rate() > 0 ? (long) (1e9 * options.threads() * options.batchSize() / options.rate()) : 0;
                long next = System.nanoTime();
                while (System.nanoTime() < end && !stopped) {
                    if (interval > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        next += interval;
                    }
                    long first = cursor.getAndAdd(options.batchSize());
                    body.setLength(0);
                    body.append('[');
                    for (int i = 0; i < options.batchSize(); i++) {
                        long n = first + i;
                        int row = order[(int) (n % order.length)];
                        if (i > 0) body.append(',');
                        body.append("{\"specversion\":\"1.0\",\"id\":\"").append(run).append('-').append(n)
                                .append("\",\"source\":\"").append(source).append("\",\"type\":\"video.interaction\",\"data\":")
                                .append(rowJson[row]);
                        // A request id fresh per run and pass over the rows: the fold counts an impression once per
                        // (user, request, video), so replaying the data set's own ids would fold as duplicates.
                        if (afterRequestId[row] != null) {
                            body.append(run).append('-').append(n / order.length).append('-').append(requestId[row]).append(afterRequestId[row]);
                        }
                        body.append('}');
                    }
                    body.append(']');
                    long sent = System.nanoTime();
                    int status = post(http, body.toString(), firstFailures);
                    long took = System.nanoTime() - sent;
                    recorder.recordValue(Math.min(took / 1000, 60_000_000));
                    requests.incrementAndGet();
                    if (status == 202) events.addAndGet(options.batchSize());
                    else failures.incrementAndGet();
                }
            }));
        }
        long lastEvents = 0, lastReport = start;
        while (workers.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(Math.min(5000, Math.max(200, (end - System.nanoTime()) / 1_000_000 + 1)));
            long now = System.nanoTime(), e = events.get();
            if (now - lastReport < 1_000_000_000L && workers.stream().anyMatch(Thread::isAlive)) continue;
            Histogram interval = recorder.getIntervalHistogram();
            total.add(interval);
            log.printf(Locale.ROOT, "bench events: %5.0f s  %,10d events  %,7.0f events/s  p50 %5.1f ms  p99 %6.1f ms  failed requests %d  (ETA %.0f s)%n",
                    (now - start) / 1e9, e, (e - lastEvents) / ((now - lastReport) / 1e9),
                    interval.getTotalCount() == 0 ? 0.0 : interval.getValueAtPercentile(50) / 1000.0,
                    interval.getTotalCount() == 0 ? 0.0 : interval.getValueAtPercentile(99) / 1000.0, failures.get(),
                    Math.max(0, (end - now) / 1e9));
            lastEvents = e;
            lastReport = now;
        }
        for (Thread w : workers) w.join();
        firstFailures.forEach((status, answer) -> log.printf(Locale.ROOT, "bench events: first answer with HTTP %d: %s%n", status, answer));
        total.add(recorder.getIntervalHistogram());
        return new Result(events.get(), requests.get(), failures.get(), (System.nanoTime() - start) / 1e9, total);
    }

    /** Ends the run early (the workers finish their request in flight). */
    public void stop() {
        stopped = true;
    }

    private void postVideos(HttpClient http, String run) {
        var printer = JsonFormat.printer().omittingInsignificantWhitespace();
        var body = new StringBuilder();
        int inBatch = 0, posted = 0;
        for (int v = 0; v < data.videoCount(); v++) {
            // The API requires a channel; data sets without one (the KuaiRec sample) fold their interactions without metadata.
            if (data.videoChannel[v] < 0) continue;
            posted++;
            try {
                body.append(inBatch == 0 ? "[" : ",").append("{\"specversion\":\"1.0\",\"id\":\"").append(run).append("-v").append(v)
                        .append("\",\"source\":\"").append(source).append("\",\"type\":\"video.published\",\"data\":")
                        .append(printer.print(data.videoPublished(v))).append('}');
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (++inBatch == options.batchSize()) {
                var answer = send(http, body.append(']').toString());
                if (answer.statusCode() != 202) throw new IllegalStateException("posting the videos got HTTP " + answer.statusCode() + ": " + answer.body());
                body.setLength(0);
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            var answer = send(http, body.append(']').toString());
            if (answer.statusCode() != 202) throw new IllegalStateException("posting the videos got HTTP " + answer.statusCode() + ": " + answer.body());
        }
        log.printf(Locale.ROOT, "bench events: %,d of %,d videos published first (not timed; the others have no channel)%n", posted, data.videoCount());
    }

    private HttpResponse<String> send(HttpClient http, String body) {
        var request = ClientToken.withToken(HttpRequest.newBuilder(options.url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", EventStreamer.BATCH_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("posting to " + options.url() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The status; the first answer of each failing status is kept to be shown at the end. */
    private int post(HttpClient http, String body, java.util.Map<Integer, String> firstFailures) {
        try {
            var answer = send(http, body);
            if (answer.statusCode() != 202) firstFailures.putIfAbsent(answer.statusCode(), answer.body());
            return answer.statusCode();
        } catch (IllegalStateException e) {
            firstFailures.putIfAbsent(-1, e.getMessage());
            return -1;
        }
    }

    public static String markdown(Options o, Dataset d, Result r) {
        Histogram h = r.latency();
        return String.format(Locale.ROOT, """
                | data | order | threads × batch | duration | events accepted (202) | events/s | failed requests | p50 / p99 / max per request |
                | --- | --- | --- | ---: | ---: | ---: | ---: | --- |
                | %s | %s | %d × %d | %.0f s | %,d | **%,.0f** | %d | %.1f / %.1f / %.1f ms |
                """, d.manifest.name(), o.order().name().toLowerCase(Locale.ROOT), o.threads(), o.batchSize(), r.seconds(), r.events(),
                r.eventsPerSecond(), r.failures(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }

    public static List<String> orders() {
        return Arrays.stream(Order.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }
}
