package dev.reelrank.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.reelrank.pipeline.Cli;
import dev.reelrank.pipeline.bench.FeedBench.Route;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against an in-process stand-in for feed-assembly's two routes. Checks what
 * it counts and how it times, never how fast this machine is: the server's own tally is the truth.
 */
class FeedBenchTest {
    /** What the fake answers a request: its status, a delay before answering, and the body's fallback reason (null: none). */
    record Answer(int status, long delayMillis, String fallbackReason, boolean empty) {
        static final Answer OK = new Answer(200, 0, null, false);
    }

    /** A request as the fake saw it; {@code sequence} is the bench's request number, from its X-Request-Id. */
    record Seen(Route route, String user, String video, String device, String region, long arrivedNanos, long sequence) {}

    private HttpServer server;
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    private final AtomicInteger concurrent = new AtomicInteger(), maxConcurrent = new AtomicInteger();

    private URI start(Function<Seen, Answer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        // One virtual thread per exchange: a delayed answer must not hold the others back.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/", ex -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                handle(ex, answer);
            } finally {
                concurrent.decrementAndGet();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex, Function<Seen, Answer> answer) throws IOException {
        long arrived = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery();
        String requestId = ex.getRequestHeaders().getFirst("X-Request-Id");
        long sequence = Long.parseLong(requestId.substring(requestId.lastIndexOf('-') + 1));
        Seen s;
        if (path.endsWith("/feed/home")) {
            s = new Seen(Route.HOME, path.split("/")[3], null, ex.getRequestHeaders().getFirst("X-Device"),
                    ex.getRequestHeaders().getFirst("X-Region"), arrived, sequence);
        } else {
            String user = query.replaceAll(".*userId=([^&]*).*", "$1");
            s = new Seen(Route.UP_NEXT, user, path.split("/")[3], ex.getRequestHeaders().getFirst("X-Device"),
                    ex.getRequestHeaders().getFirst("X-Region"), arrived, sequence);
        }
        seen.add(s);
        Answer a = answer.apply(s);
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String tally = a.status() != 200 ? "http_" + a.status() : a.fallbackReason() != null ? "fallback:" + a.fallbackReason() : "ok";
        answered.computeIfAbsent(tally, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = (a.status() != 200 ? "{\"title\":\"boom\"}" : feed(s, a)).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (a.status() == 200) ex.getResponseHeaders().add(FeedBench.RETRIEVAL_VERSION_HEADER, "tt-7");
        ex.sendResponseHeaders(a.status(), body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private static String feed(Seen s, Answer a) {
        String items = a.empty() ? "" : "{\"videoId\":\"v1\",\"channelId\":null,\"score\":0.5,\"source\":\"popular\"},"
                + "{\"videoId\":\"v2\",\"channelId\":\"c\",\"score\":0.25,\"source\":\"ann\"}";
        return "{\"requestId\":\"r\",\"userId\":\"" + s.user() + "\",\"modelVersion\":\""
                + (a.fallbackReason() != null ? "popularity-v0" : "heuristic-v0") + "\",\"fallback\":" + (a.fallbackReason() != null)
                + ",\"fallbackReason\":" + (a.fallbackReason() == null ? "null" : "\"" + a.fallbackReason() + "\"")
                + ",\"items\":[" + items + "]}";
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    /** 100 users u0 (heaviest) .. u99, half of them with a region, all on "mobile"; 50 videos, v0 the most watched. */
    static FeedBench.Population population() {
        int n = 100, m = 50;
        String[] users = new String[n], regions = new String[n], devices = new String[n], videos = new String[m];
        double[] weights = new double[m];
        for (int u = 0; u < n; u++) {
            users[u] = "u" + u;
            regions[u] = u % 2 == 0 ? "BR" : null;
            devices[u] = "mobile";
        }
        for (int v = 0; v < m; v++) {
            videos[v] = "v" + v;
            weights[v] = m - v;
        }
        return new FeedBench.Population("fake", users, regions, devices, videos, weights);
    }

    static FeedBench.Options options(URI url, List<Double> rates, long stepMillis, double skew, int connections, long timeoutMillis) {
        return new FeedBench.Options(url, rates, Duration.ofMillis(stepMillis), Duration.ZERO, 0.3, 20, skew, connections,
                Duration.ofMillis(timeoutMillis), 42);
    }

    private static FeedBench.Result run(FeedBench bench) throws InterruptedException {
        return bench.run();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void eachStepSendsRateTimesSecondsRequestsSpreadOverTheStepInTheAskedMix() throws Exception {
        URI url = start(s -> Answer.OK);
        var result = run(new FeedBench(population(), options(url, List.of(100.0, 200.0), 1000, 1.0, 64, 1000), quiet()));

        assertEquals(2, result.steps().size());
        assertEquals(100, result.steps().get(0).due(null));
        assertEquals(200, result.steps().get(1).due(null));
        assertEquals(300, seen.size(), "every due request reached the server, none twice");
        assertEquals(300, result.steps().stream().mapToLong(s -> s.ok(null)).sum());
        // Open model: arrivals follow the schedule, not the answers; a sender that bursts would fit them in far less.
        long first = seen.stream().mapToLong(Seen::arrivedNanos).min().orElseThrow();
        long last = seen.stream().mapToLong(Seen::arrivedNanos).max().orElseThrow();
        assertTrue(last - first >= 1_900_000_000L, "300 requests at 100/s then 200/s span about 2 s, not " + (last - first) / 1e6 + " ms");
        long upNext = seen.stream().filter(s -> s.route() == Route.UP_NEXT).count();
        assertTrue(upNext > 60 && upNext < 120, "about 30 % Up Next of 300: " + upNext);
        assertEquals(upNext, result.steps().stream().mapToLong(s -> s.sent(Route.UP_NEXT)).sum());
        // Heavy users ask more often; the gateway headers travel with each user.
        long heaviest = seen.stream().filter(s -> s.user().equals("u0")).count();
        long tenth = seen.stream().filter(s -> s.user().equals("u9")).count();
        assertTrue(heaviest > 3 * tenth, "u0 " + heaviest + " vs u9 " + tenth);
        assertTrue(seen.stream().allMatch(s -> "mobile".equals(s.device())));
        assertTrue(seen.stream().allMatch(s -> Integer.parseInt(s.user().substring(1)) % 2 == 0 ? "BR".equals(s.region()) : s.region() == null));
        var all = result.steps().get(1);
        assertEquals(Map.of("heuristic-v0", 200L), all.modelVersions());
        assertEquals(Map.of("tt-7", 200L), all.retrievalVersions());
        assertTrue(all.achievedRate() > 150 && all.achievedRate() <= 201, "achieved " + all.achievedRate());
    }

    @Test
    void theSameSeedAsksTheSameUsersInTheSameOrder() throws Exception {
        URI url = start(s -> Answer.OK);
        run(new FeedBench(population(), options(url, List.of(200.0), 300, 1.0, 64, 1000), quiet()));
        var first = drawsInOrder();
        seen.clear();
        run(new FeedBench(population(), options(url, List.of(200.0), 300, 1.0, 64, 1000), quiet()));
        assertEquals(60, first.size());
        assertEquals(first, drawsInOrder());
    }

    private List<String> drawsInOrder() {
        return seen.stream().sorted(java.util.Comparator.comparingLong(Seen::sequence))
                .map(s -> s.sequence() + " " + s.route() + " " + s.user() + " " + s.video()).toList();
    }

    @Test
    void aServerStallShowsInTheHighPercentiles() throws Exception {
        var firstArrival = new AtomicLong();
        // Everything arriving from 300 ms to 500 ms into the run waits 300 ms: a 13 % slice of 1.5 s.
        URI url = start(s -> {
            firstArrival.compareAndSet(0, s.arrivedNanos());
            long at = (s.arrivedNanos() - firstArrival.get()) / 1_000_000;
            return at >= 300 && at < 500 ? new Answer(200, 300, null, false) : Answer.OK;
        });
        var result = run(new FeedBench(population(), options(url, List.of(200.0), 1500, 1.0, 200, 2000), quiet()));

        Histogram h = result.steps().getFirst().latency(null);
        assertEquals(300, h.getTotalCount());
        assertTrue(h.getValueAtPercentile(99) >= 300_000, "p99 " + h.getValueAtPercentile(99) / 1000.0 + " ms");
        assertTrue(h.getValueAtPercentile(50) < 300_000, "most requests were not stalled: p50 " + h.getValueAtPercentile(50) / 1000.0 + " ms");
    }

    @Test
    void aSenderThatFallsBehindChargesTheDelayToTheRequestsItHeldBack() throws Exception {
        // The server answers at once; the sender stops for 300 ms (a client pause, as in a GC) at request 100.
        // Timed from when each left, those requests would look instant; timed from when they were due they do not.
        URI url = start(s -> Answer.OK);
        var bench = new FeedBench(population(), options(url, List.of(200.0), 1500, 1.0, 200, 1000), quiet());
        bench.beforeSend = n -> {
            if (n == 100) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        var step = run(bench).steps().getFirst();

        Histogram h = step.latency(null);
        assertEquals(300, h.getTotalCount());
        assertTrue(h.getMaxValue() >= 290_000, "the request due first in the pause waited it out: max " + h.getMaxValue() / 1000.0 + " ms");
        // 60 of 300 requests fell due in the pause, their waits spread over 0-300 ms: the top 1 % waited > 250 ms.
        assertTrue(h.getValueAtPercentile(99) >= 250_000, "p99 " + h.getValueAtPercentile(99) / 1000.0 + " ms");
        assertTrue(step.sendLag().getMaxValue() >= 290_000, "the sender's own lateness is reported too");
    }

    @Test
    void fallbacksAreCountedByReasonAndErrorsByKind() throws Exception {
        URI url = start(s -> switch (Integer.parseInt(s.user().substring(1)) % 10) {
            case 1 -> new Answer(500, 0, null, false);
            case 2 -> new Answer(503, 0, null, false);
            case 3 -> new Answer(200, 0, "ranking_unavailable", false);
            case 4 -> new Answer(200, 0, "no_candidates", true);
            case 5 -> new Answer(200, 1500, null, false); // beyond the client's 200 ms timeout
            default -> Answer.OK;
        });
        var step = run(new FeedBench(population(), options(url, List.of(200.0), 1000, 0.0, 200, 200), quiet())).steps().getFirst();

        assertEquals(200, seen.size());
        assertEquals(count("http_500"), step.errorKinds().get("http_500"));
        assertEquals(count("http_503"), step.errorKinds().get("http_503"));
        long timeouts = seen.stream().filter(s -> s.user().endsWith("5")).count();
        assertTrue(timeouts > 0 && count("http_500") > 0 && count("http_503") > 0, "every kind occurred: " + answered);
        assertEquals(timeouts, step.errorKinds().get("timeout"));
        assertEquals(Map.of("no_candidates", count("fallback:no_candidates"), "ranking_unavailable", count("fallback:ranking_unavailable")),
                step.fallbackReasons());
        assertEquals(count("fallback:no_candidates"), step.empty(null), "the no_candidates answers were the empty ones");
        assertEquals(count("http_500") + count("http_503") + timeouts, step.errors(null));
        assertEquals(step.errors(Route.HOME) + step.errors(Route.UP_NEXT), step.errors(null));
        // Timeouts are timed (at the time given up), failed answers are not.
        assertEquals(step.sent(null) - count("http_500") - count("http_503"), step.latency(null).getTotalCount());
        assertTrue(step.latency(null).getMaxValue() >= 200_000);
        assertEquals(count("fallback:no_candidates") + count("fallback:ranking_unavailable"), step.modelVersions().get("popularity-v0"));
    }

    @Test
    void requestsBeyondTheConnectionLimitAreDroppedAndCountedNotQueued() throws Exception {
        // 100/s answered in 200 ms keeps 20 in flight; the client allows 5.
        URI url = start(s -> new Answer(200, 200, null, false));
        var step = run(new FeedBench(population(), options(url, List.of(100.0), 1000, 1.0, 5, 1000), quiet())).steps().getFirst();

        long dropped = step.errorKinds().getOrDefault(FeedBench.CLIENT_SATURATED, 0L);
        assertEquals(100, step.due(null));
        assertEquals(100, step.sent(null) + dropped);
        assertEquals(step.sent(null), seen.size());
        assertTrue(dropped >= 50, "most of 100 were dropped: " + dropped);
        assertTrue(maxConcurrent.get() <= 5, "in flight at the server " + maxConcurrent.get());
    }

    @Test
    void theBodyParseReadsOnlyTheCountedFields() throws Exception {
        var bench = new FeedBench(population(), options(URI.create("http://127.0.0.1:1"), List.of(1.0), 1000, 1.0, 1, 100), quiet());
        var b = bench.parse(("{\"requestId\":\"r\",\"extra\":{\"modelVersion\":\"nested\"},\"items\":[{\"videoId\":\"a\",\"source\":\"x\"},"
                + "{\"videoId\":\"b\",\"tags\":[1,[2]]}],\"modelVersion\":\"m-1\",\"fallback\":true,\"fallbackReason\":\"user_features_unavailable\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new FeedBench.Body("m-1", true, "user_features_unavailable", 2), b);
        var c = bench.parse("{\"modelVersion\":null,\"fallback\":false,\"fallbackReason\":null,\"items\":[]}".getBytes(StandardCharsets.UTF_8));
        assertNull(c.modelVersion());
        assertEquals(0, c.items());
    }

    @Test
    void theCommandLoadsTheDataSetsUsersAndWritesItsReport(@TempDir Path tmp) throws Exception {
        new WorldGenerator(WorldConfig.of(300, 80, 5_000, 3), BehaviourModel.DEFAULTS, false).generate(tmp.resolve("world"), "feed-test");
        var population = FeedBench.Population.of(Dataset.load(tmp.resolve("world")));
        Dataset d = Dataset.load(tmp.resolve("world"));
        int[] rowsOf = new int[d.userCount()];
        for (int i = 0; i < d.rows; i++) rowsOf[d.user[i]]++;
        assertEquals(java.util.Arrays.stream(rowsOf).max().orElseThrow(), rowsOf[d.users.find(population.users()[0])], "rank 0 is the most active user");

        URI url = start(s -> Answer.OK);
        Path report = tmp.resolve("out/report.md");
        var out = new StringWriter();
        var cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("bench-feed", "--dataset", tmp.resolve("world").toString(), "--url", url.toString(), "--rates", "20,40",
                "--seconds-per-step", "1", "--warmup-seconds", "0", "--report", report.toString());
        assertEquals(0, code);
        String md = Files.readString(report);
        assertEquals(out.toString(), md);
        assertTrue(md.contains("- command: `scripts/bench feed --dataset "), md);
        assertTrue(md.contains("| 40 |") && md.contains("| **all** |") && md.contains("| up_next |"), md);
        assertEquals(60, seen.size());
        assertTrue(seen.stream().allMatch(s -> d.users.find(s.user()) >= 0), "users come from the data set");
        assertTrue(seen.stream().filter(s -> s.route() == Route.UP_NEXT).allMatch(s -> d.videos.find(s.video()) >= 0), "so do Up Next seeds");
    }

    private long count(String tally) {
        var n = answered.get(tally);
        return n == null ? 0 : n.get();
    }
}
