package dev.reelrank.pipeline.bench;

import dev.reelrank.model.auth.ClientToken;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reelrank.pipeline.datasets.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * An open-model load generator for feed-assembly: at each rate step, request i is due at
 * {@code stepStart + i / rate} whatever the answers do, and its latency is taken from that due
 * time, not from when it actually left. A closed loop (send, wait, send) or a late sender would
 * otherwise leave out exactly the requests a stall delays (coordinated omission), and a server
 * that stops for 300 ms would look as if one request had been slow.
 *
 * <p>Traffic: Home feed and Up Next mixed, users drawn Zipf over the data set's users ranked by
 * their activity (heavy users ask more often, as real ones do), Up Next seeds drawn by the videos'
 * interaction counts, each user with the device and region the data set saw them on.
 *
 * <p>At most {@code connections} requests are in flight; a request due beyond that is dropped and
 * counted ({@code client_saturated}) rather than queued, because queueing it would hide the
 * delay from the numbers just as a closed loop does.
 */
public final class FeedBench {
    /** Largest latency recorded; anything slower is clamped (a timeout ends a request long before). */
    private static final long MAX_MICROS = Duration.ofHours(1).toNanos() / 1000;
    private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    static final String RETRIEVAL_VERSION_HEADER = "Reelrank-Retrieval-Version";
    static final String CLIENT_SATURATED = "client_saturated";

    public record Options(URI url, List<Double> rates, Duration step, Duration warmup, double upNextShare, int limit,
                          double skew, int connections, Duration timeout, long seed) {
        public Options {
            rates = List.copyOf(rates);
            if (rates.isEmpty()) throw new IllegalArgumentException("--rates needs at least one rate");
            for (double r : rates) if (!(r > 0) || Double.isInfinite(r)) throw new IllegalArgumentException("--rates must be > 0, was " + r);
            if (step.toMillis() < 1) throw new IllegalArgumentException("--seconds-per-step must be > 0");
            if (warmup.isNegative()) throw new IllegalArgumentException("--warmup-seconds must be >= 0");
            if (!(upNextShare >= 0 && upNextShare <= 1)) throw new IllegalArgumentException("--up-next-share must be between 0 and 1, was " + upNextShare);
            if (limit < 1) throw new IllegalArgumentException("--limit must be >= 1, was " + limit);
            if (!(skew >= 0) || Double.isInfinite(skew)) throw new IllegalArgumentException("--skew must be >= 0, was " + skew);
            if (connections < 1) throw new IllegalArgumentException("--connections must be >= 1, was " + connections);
            if (timeout.toMillis() < 1) throw new IllegalArgumentException("--timeout-ms must be >= 1");
        }
    }

    /**
     * Who asks and what they watch. Users are ranked most active first, so Zipf rank r is the
     * r-th heaviest user; {@code regions} and {@code devices} hold the gateway headers (null: not sent).
     */
    public record Population(String name, String[] users, String[] regions, String[] devices, String[] videos, double[] videoWeights) {
        public Population {
            if (users.length == 0) throw new IllegalArgumentException("the population has no users");
            if (videos.length == 0) throw new IllegalArgumentException("the population has no videos");
            if (regions.length != users.length || devices.length != users.length || videoWeights.length != videos.length) {
                throw new IllegalArgumentException("population arrays differ in length");
            }
        }

        /** Users ranked by their interaction rows, videos weighted by theirs (uniform when none has any). */
        public static Population of(Dataset d) {
            int[] rowsOf = new int[d.userCount()];
            int[] firstDevice = new int[d.userCount()];
            Arrays.fill(firstDevice, -1);
            double[] plays = new double[d.videoCount()];
            for (int i = 0; i < d.rows; i++) {
                int u = d.user[i];
                rowsOf[u]++;
                if (firstDevice[u] < 0) firstDevice[u] = d.device[i];
                if (d.video[i] >= 0) plays[d.video[i]]++;
            }
            Integer[] ranked = new Integer[d.userCount()];
            for (int u = 0; u < ranked.length; u++) ranked[u] = u;
            Arrays.sort(ranked, Comparator.<Integer>comparingInt(u -> -rowsOf[u]).thenComparingInt(u -> u));
            String[] users = new String[ranked.length], regions = new String[ranked.length], devices = new String[ranked.length];
            for (int r = 0; r < ranked.length; r++) {
                int u = ranked[r];
                users[r] = d.users.value(u);
                regions[r] = header(REGION, d.userRegion[u] < 0 ? null : d.regions.value(d.userRegion[u]));
                devices[r] = header(DEVICE, firstDevice[u] < 0 ? null : d.devices.value(firstDevice[u]));
            }
            String[] videos = new String[d.videoCount()];
            for (int v = 0; v < videos.length; v++) videos[v] = d.videos.value(v);
            if (Arrays.stream(plays).allMatch(p -> p == 0)) Arrays.fill(plays, 1);
            return new Population(d.manifest.name(), users, regions, devices, videos, plays);
        }

        private static String header(Pattern valid, String value) {
            return value != null && valid.matcher(value).matches() ? value : null;
        }
    }

    public enum Route {
        HOME("home"), UP_NEXT("up_next");

        final String label;

        Route(String label) {
            this.label = label;
        }
    }

    /** One rate step, filled by the scheduler and by the answers (from the HTTP client's threads). */
    public static final class Step {
        public final double targetRate;
        final boolean warmup;
        final Histogram[] latency = {histogram(), histogram()};
        /** How late the scheduler sent requests: the client's own health, for judging the run. */
        final Histogram sendLag = histogram();
        final LongAdder[] sent = {new LongAdder(), new LongAdder()};
        final LongAdder[] ok = {new LongAdder(), new LongAdder()};
        final LongAdder[] errors = {new LongAdder(), new LongAdder()};
        final LongAdder[] fallbacks = {new LongAdder(), new LongAdder()};
        final LongAdder[] empty = {new LongAdder(), new LongAdder()};
        final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
        final Map<String, LongAdder> fallbackReasons = new ConcurrentHashMap<>();
        final Map<String, LongAdder> modelVersions = new ConcurrentHashMap<>();
        final Map<String, LongAdder> retrievalVersions = new ConcurrentHashMap<>();
        /** Requests that fell due, sent or dropped; written by the scheduler alone. */
        final long[] due = new long[2];
        long firstDueNanos, lastSentNanos;
        final long intervalNanos;

        Step(double targetRate, boolean warmup) {
            this.targetRate = targetRate;
            this.warmup = warmup;
            this.intervalNanos = (long) (1e9 / targetRate);
        }

        private static Histogram histogram() {
            return new SynchronizedHistogram(MAX_MICROS, 3);
        }

        /** Latency of a route (or both, null), in microseconds. */
        public Histogram latency(Route route) {
            if (route != null) return latency[route.ordinal()].copy();
            Histogram all = latency[0].copy();
            all.add(latency[1]);
            return all;
        }

        public long sent(Route route) {
            return route != null ? sent[route.ordinal()].sum() : sent[0].sum() + sent[1].sum();
        }

        public long errors(Route route) {
            return route != null ? errors[route.ordinal()].sum() : errors[0].sum() + errors[1].sum();
        }

        public long fallbacks(Route route) {
            return route != null ? fallbacks[route.ordinal()].sum() : fallbacks[0].sum() + fallbacks[1].sum();
        }

        public long ok(Route route) {
            return route != null ? ok[route.ordinal()].sum() : ok[0].sum() + ok[1].sum();
        }

        public long empty(Route route) {
            return route != null ? empty[route.ordinal()].sum() : empty[0].sum() + empty[1].sum();
        }

        /** Requests that fell due (sent, or dropped as client_saturated). */
        public long due(Route route) {
            return route != null ? due[route.ordinal()] : due[0] + due[1];
        }

        public Map<String, Long> errorKinds() {
            return sorted(errorKinds);
        }

        public Map<String, Long> fallbackReasons() {
            return sorted(fallbackReasons);
        }

        public Map<String, Long> modelVersions() {
            return sorted(modelVersions);
        }

        public Map<String, Long> retrievalVersions() {
            return sorted(retrievalVersions);
        }

        public Histogram sendLag() {
            return sendLag.copy();
        }

        /** Requests actually sent per second, from the first one's due time to the last one's departure. */
        public double achievedRate() {
            long n = sent(null);
            if (n == 0) return 0;
            double seconds = (lastSentNanos - firstDueNanos + intervalNanos) / 1e9;
            return n / seconds;
        }

        void error(Route r, String kind) {
            errors[r.ordinal()].increment();
            count(errorKinds, kind);
        }

        private static void count(Map<String, LongAdder> map, String key) {
            map.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        private static Map<String, Long> sorted(Map<String, LongAdder> map) {
            var out = new TreeMap<String, Long>();
            map.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    public record Result(Instant started, double seconds, List<Step> steps, Step warmup) {}

    private final Population population;
    private final Options options;
    private final PrintStream log;
    private final HttpClient http;
    private final JsonFactory json = new JsonFactory();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final WeightedSampler users, seeds;
    /** Called with each request's sequence number just before it is sent; tests use it to stall the sender. */
    LongConsumer beforeSend = n -> { };

    public FeedBench(Population population, Options options, PrintStream log) {
        this.population = population;
        this.options = options;
        this.log = log;
        this.users = WeightedSampler.zipf(population.users().length, options.skew());
        this.seeds = new WeightedSampler(population.videoWeights());
        this.http = HttpClient.newBuilder().connectTimeout(options.timeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The share of requests the top 1 % of users (at least one) make, by the sampler's weights. */
    public double topUserShare() {
        return users.shareOfFirst(Math.max(1, population.users().length / 100));
    }

    public Result run() throws InterruptedException {
        Instant started = Instant.now();
        var random = new SplittableRandom(options.seed());
        var phases = new ArrayList<Step>();
        Step warmup = options.warmup().isZero() ? null : new Step(options.rates().getFirst(), true);
        if (warmup != null) phases.add(warmup);
        var steps = new ArrayList<Step>();
        for (double r : options.rates()) steps.add(new Step(r, false));
        phases.addAll(steps);

        long t0 = System.nanoTime();
        long plannedEnd = t0 + options.warmup().toNanos() + options.step().toNanos() * steps.size();
        long nextLog = t0 + 1_000_000_000L;
        long phaseStart = t0;
        long sequence = 0;
        for (Step step : phases) {
            long length = (step.warmup ? options.warmup() : options.step()).toNanos();
            long phaseEnd = phaseStart + length;
            step.firstDueNanos = phaseStart;
            // Due times from the index, not by adding up intervals: no drift over a long step.
            for (long i = 0; ; i++) {
                long due = phaseStart + (long) (i * 1e9 / step.targetRate);
                if (due >= phaseEnd) break;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= nextLog) {
                        progress(step, steps, now, t0, plannedEnd);
                        nextLog = nextSecond(nextLog, now);
                    }
                    if (now >= due) break;
                    LockSupport.parkNanos(Math.min(due, nextLog) - now);
                    if (Thread.interrupted()) throw new InterruptedException();
                }
                beforeSend.accept(sequence);
                issue(step, random, due, sequence++);
            }
            phaseStart = phaseEnd;
        }
        // Every request ends by its timeout; a little beyond it covers the client's own bookkeeping.
        long drainDeadline = System.nanoTime() + options.timeout().toNanos() + 5_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(5);
            long now = System.nanoTime();
            if (now >= nextLog) {
                progress(steps.getLast(), steps, now, t0, plannedEnd);
                nextLog = nextSecond(nextLog, now);
            }
        }
        if (inFlight.get() > 0) log.printf(Locale.ROOT, "bench feed: %d requests still in flight after the timeout; left out%n", inFlight.get());
        // Lets go of the client's threads without waiting for stragglers; this bench is not run twice.
        http.shutdownNow();
        return new Result(started, (System.nanoTime() - t0) / 1e9, steps, warmup);
    }

    /** One progress line per second, however long the sender stalled: no burst of lines to catch up. */
    private static long nextSecond(long last, long now) {
        long next = last + 1_000_000_000L;
        return next > now ? next : now + 1_000_000_000L;
    }

    private void issue(Step step, SplittableRandom random, long due, long n) {
        int u = users.sample(random);
        Route route = random.nextDouble() < options.upNextShare() ? Route.UP_NEXT : Route.HOME;
        step.due[route.ordinal()]++;
        String user = enc(population.users()[u]);
        // Sampled even for Home so the random stream, hence the user sequence, does not depend on the share.
        String seed = enc(population.videos()[seeds.sample(random)]);
        if (inFlight.incrementAndGet() > options.connections()) {
            inFlight.decrementAndGet();
            step.error(route, CLIENT_SATURATED);
            return;
        }
        String path = route == Route.HOME
                ? "/v1/users/" + user + "/feed/home?limit=" + options.limit()
                : "/v1/videos/" + seed + "/up-next?userId=" + user + "&limit=" + options.limit();
        var request = ClientToken.withToken(HttpRequest.newBuilder(options.url().resolve(path))).timeout(options.timeout()).GET()
                .header("Accept", "application/json").header("X-Request-Id", "bench-" + run + "-" + n);
        if (population.devices()[u] != null) request.header("X-Device", population.devices()[u]);
        if (population.regions()[u] != null) request.header("X-Region", population.regions()[u]);
        long sentAt = System.nanoTime();
        step.sent[route.ordinal()].increment();
        step.lastSentNanos = sentAt;
        step.sendLag.recordValue(Math.min(MAX_MICROS, Math.max(0, sentAt - due) / 1000));
        try {
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((answer, failure) -> {
                        try {
                            complete(step, route, due, answer, failure);
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            step.error(route, "client: " + e.getClass().getSimpleName());
        }
    }

    private void complete(Step step, Route route, long due, HttpResponse<byte[]> answer, Throwable failure) {
        long micros = Math.min(MAX_MICROS, (System.nanoTime() - due) / 1000);
        int r = route.ordinal();
        if (failure != null) {
            String kind = errorKind(failure);
            // A timeout is counted at the time it was given up: a stall past the timeout must not vanish from the percentiles.
            if (kind.equals("timeout")) step.latency[r].recordValue(micros);
            step.error(route, kind);
            return;
        }
        if (answer.statusCode() / 100 != 2) {
            step.error(route, "http_" + answer.statusCode());
            return;
        }
        step.latency[r].recordValue(micros);
        answer.headers().firstValue(RETRIEVAL_VERSION_HEADER).ifPresent(v -> Step.count(step.retrievalVersions, v));
        Body body;
        try {
            body = parse(answer.body());
        } catch (IOException | RuntimeException e) {
            step.error(route, "bad_body");
            return;
        }
        step.ok[r].increment();
        Step.count(step.modelVersions, body.modelVersion == null ? "(none)" : body.modelVersion);
        if (body.fallback) {
            step.fallbacks[r].increment();
            Step.count(step.fallbackReasons, body.fallbackReason == null ? "(none given)" : body.fallbackReason);
        }
        if (body.items == 0) step.empty[r].increment();
    }

    static String errorKind(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof HttpConnectTimeoutException) return "connect_timeout";
        if (e instanceof HttpTimeoutException) return "timeout";
        if (e instanceof ConnectException) return "connect_refused";
        if (e instanceof IOException) return "io: " + e.getClass().getSimpleName();
        return "client: " + e.getClass().getSimpleName();
    }

    record Body(String modelVersion, boolean fallback, String fallbackReason, int items) {}

    /** The few fields counted, read by streaming: item objects are skipped, not built. */
    Body parse(byte[] body) throws IOException {
        String modelVersion = null, reason = null;
        boolean fallback = false;
        int items = 0;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "modelVersion" -> modelVersion = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "fallback" -> fallback = value == JsonToken.VALUE_TRUE;
                    case "fallbackReason" -> reason = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "items" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                items++;
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new Body(modelVersion, fallback, reason, items);
    }

    private void progress(Step step, List<Step> steps, long now, long t0, long plannedEnd) {
        Histogram h = step.latency(null);
        String phase = step.warmup ? "warm-up" : "step " + (steps.indexOf(step) + 1) + "/" + steps.size();
        log.printf(Locale.ROOT, "bench feed: %4.0f s  %s at %s/s  sent %,d  in flight %d  p99 %s ms (step so far)  errors %d  ETA %.0f s%n",
                (now - t0) / 1e9, phase, num(step.targetRate), step.sent(null), inFlight.get(),
                h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(99)), step.errors(null), Math.max(0, (plannedEnd - now) / 1e9));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String ms(long micros) {
        double m = micros / 1000.0;
        return String.format(Locale.ROOT, m < 10 ? "%.2f" : "%.1f", m);
    }

    static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    /** The report: how it was run, then one table of latencies and one of what the answers said. */
    public String markdown(String commandLine, Result r) {
        var o = options;
        var sb = new StringBuilder();
        sb.append("# Feed API under an open-model load: ").append(population.name()).append(" at ")
                .append(o.rates().stream().map(FeedBench::num).collect(Collectors.joining(", "))).append(" requests/s\n\n");
        sb.append("- command: `").append(commandLine).append("`\n");
        sb.append(String.format(Locale.ROOT, "- started %s, took %.0f s; client: %d cores, Java %s%n", r.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), r.seconds(),
                Runtime.getRuntime().availableProcessors(), Runtime.version()));
        sb.append(String.format(Locale.ROOT, "- feed-assembly at %s; Home feed %.0f %% / Up Next %.0f %%, limit %d%n", o.url(),
                100 * (1 - o.upNextShare()), 100 * o.upNextShare(), o.limit()));
        sb.append(String.format(Locale.ROOT, "- users: Zipf s = %s over %,d users ranked by activity (the top 1 %% make %.0f %% of requests); "
                        + "Up Next seeds by interaction count over %,d videos; seed %d%n",
                num(o.skew()), population.users().length, 100 * topUserShare(), population.videos().length, o.seed()));
        sb.append(String.format(Locale.ROOT, "- %s s per step%s; request i of a step is due at start + i / rate and timed from then "
                        + "(coordinated omission corrected); timeout %d ms; at most %d in flight, beyond that a request is dropped "
                        + "(`%s`), never delayed%n",
                num(o.step().toMillis() / 1000.0),
                o.warmup().isZero() ? "" : ", after " + num(o.warmup().toMillis() / 1000.0) + " s of warm-up at " + num(o.rates().getFirst()) + "/s (not recorded)",
                o.timeout().toMillis(), o.connections(), CLIENT_SATURATED));
        sb.append("- requests: all that fell due in the step, dropped ones included; latencies cover 2xx answers and timeouts "
                + "(at the time given up), other errors are counted, not timed; send lag: how late the client itself sent, "
                + "a large one means the client, not the server, was short of CPU\n\n");
        sb.append("| rate/s | achieved/s | route | requests | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms | errors | fallbacks | empty |\n");
        sb.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Step s : r.steps()) {
            for (Route route : new Route[] {Route.HOME, Route.UP_NEXT, null}) {
                Histogram h = s.latency(route);
                long requests = s.due(route);
                if (route != null && requests == 0) continue;
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %s | %s | %s | %s | %s | %d | %d | %d |%n",
                        num(s.targetRate), route == null ? String.format(Locale.ROOT, "%.1f", s.achievedRate()) : "",
                        route == null ? "**all**" : route.label, requests,
                        pct(h, 50), pct(h, 95), route == null ? "**" + pct(h, 99) + "**" : pct(h, 99), pct(h, 99.9),
                        h.getTotalCount() == 0 ? "-" : ms(h.getMaxValue()), s.errors(route), s.fallbacks(route), s.empty(route)));
            }
        }
        sb.append("\n| rate/s | errors by kind | fallbacks by reason | model versions | retrieval versions | send lag p99 / max ms |\n");
        sb.append("| ---: | --- | --- | --- | --- | ---: |\n");
        for (Step s : r.steps()) {
            Histogram lag = s.sendLag();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s / %s |%n", num(s.targetRate), counts(s.errorKinds()),
                    counts(s.fallbackReasons()), counts(s.modelVersions()), counts(s.retrievalVersions()),
                    lag.getTotalCount() == 0 ? "-" : ms(lag.getValueAtPercentile(99)), lag.getTotalCount() == 0 ? "-" : ms(lag.getMaxValue())));
        }
        if (r.warmup() != null && r.warmup().errors(null) > 0) {
            sb.append(String.format(Locale.ROOT, "%nWarm-up (not in the tables): %d errors, %s%n", r.warmup().errors(null), counts(r.warmup().errorKinds())));
        }
        return sb.toString();
    }

    private static String pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(p));
    }

    private static String counts(Map<String, Long> m) {
        if (m.isEmpty()) return "none";
        return m.entrySet().stream().map(e -> "`" + e.getKey() + "` " + e.getValue()).collect(Collectors.joining(", "));
    }
}
