package dev.reelrank.pipeline.bench;

import dev.reelrank.model.auth.ClientToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reelrank.pipeline.datasets.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * How fast the product reacts, measured as a client sees it while a background load of
 * {@code rate} events/s flows through the event API:
 * <ul>
 *   <li>watch freshness: a user's Home feed is read, the top video is watched
 *       ({@code POST /v1/events}), and the feed is read again every {@code pollMillis} until that
 *       video is gone; the time from the 202 to the first feed without it;</li>
 *   <li>new video searchable: a {@code video.published} is posted, and Up Next with that video as
 *       the one being watched is read until it holds {@code up_next} candidates, which it can only
 *       once the video's vector is in the served index; the time from the 202.</li>
 * </ul>
 * Probes that do not succeed within {@code timeout} are counted as such, at the timeout.
 */
public final class FreshnessBench {
    public record Options(URI events, URI feed, int probes, int videoProbes, EventBench.Options load, Duration timeout, long pollMillis) {}

    public record Result(Histogram watch, int watchTimeouts, Histogram newVideo, int videoTimeouts, EventBench.Result load) {}

    private final Dataset data;
    private final Options options;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    public FreshnessBench(Dataset data, Options options, PrintStream log) {
        this.data = data;
        this.options = options;
        this.log = log;
    }

    public Result run() throws Exception {
        EventBench load = options.load().rate() > 0 ? new EventBench(data, options.load(), log) : null;
        var loadResult = new java.util.concurrent.atomic.AtomicReference<EventBench.Result>();
        Thread background = load == null ? null : Thread.ofPlatform().name("bench-load").start(() -> {
            try {
                loadResult.set(load.run());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (background != null) Thread.sleep(5000); // the load reaches its rate before the first probe
        var watch = new Histogram(60_000_000L, 3);
        var newVideo = new Histogram(60_000_000L, 3);
        int watchTimeouts = 0, videoTimeouts = 0;
        var random = new Random(42);
        try {
            for (int i = 0; i < options.probes(); i++) {
                String user = data.users.value(random.nextInt(data.userCount()));
                JsonNode feed = get(homeOf(user));
                if (feed == null || feed.path("items").isEmpty()) continue;
                String video = feed.path("items").get(0).path("videoId").asText();
                long t0 = post(interaction(user, video));
                long micros = waitUntil(homeOf(user), f -> !contains(f, video), t0);
                if (micros < 0) watchTimeouts++;
                watch.recordValue(micros < 0 ? options.timeout().toNanos() / 1000 : micros);
                if ((i + 1) % 10 == 0) log.printf(Locale.ROOT, "bench freshness: %d/%d watch probes, p50 %.0f ms, p99 %.0f ms%n",
                        i + 1, options.probes(), watch.getValueAtPercentile(50) / 1000.0, watch.getValueAtPercentile(99) / 1000.0);
            }
            String category = data.videoCategory.length > 0 && data.videoCategory[0] >= 0 ? data.categories.value(data.videoCategory[0]) : "";
            for (int j = 0; j < options.videoProbes(); j++) {
                String videoId = "fresh-" + run + "-v" + j;
                String user = data.users.value(random.nextInt(data.userCount()));
                long t0 = post(published(videoId, "fresh-" + run + "-c" + (j % 5), category));
                URI upNext = options.feed().resolve("/v1/videos/" + enc(videoId) + "/up-next?userId=" + enc(user) + "&limit=20");
                long micros = waitUntil(upNext, f -> hasSource(f, "up_next"), t0);
                if (micros < 0) videoTimeouts++;
                newVideo.recordValue(micros < 0 ? options.timeout().toNanos() / 1000 : micros);
                // Per probe, so its hops can be read off the topics' record times (videos, video-embeddings) by id.
                log.printf(Locale.ROOT, "bench freshness: video probe %d/%d %s: %s%n", j + 1, options.videoProbes(), videoId,
                        micros < 0 ? "not within the timeout" : String.format(Locale.ROOT, "%.0f ms", micros / 1000.0));
            }
        } finally {
            if (load != null) {
                load.stop();
                background.join();
            }
        }
        return new Result(watch, watchTimeouts, newVideo, videoTimeouts, loadResult.get());
    }

    private URI homeOf(String user) {
        return options.feed().resolve("/v1/users/" + enc(user) + "/feed/home?limit=20");
    }

    /** Microseconds from {@code t0} until the feed satisfies {@code done}; -1 when it does not within the timeout. */
    private long waitUntil(URI uri, Predicate<JsonNode> done, long t0) throws Exception {
        long deadline = t0 + options.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode feed = get(uri);
            if (feed != null && done.test(feed)) return (System.nanoTime() - t0) / 1000;
            Thread.sleep(options.pollMillis());
        }
        return -1;
    }

    private static boolean contains(JsonNode feed, String video) {
        for (JsonNode item : feed.path("items")) if (item.path("videoId").asText().equals(video)) return true;
        return false;
    }

    private static boolean hasSource(JsonNode feed, String source) {
        for (JsonNode item : feed.path("items")) if (item.path("source").asText().contains(source)) return true;
        return false;
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        var answer = http.send(ClientToken.withToken(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? json.readTree(answer.body()) : null;
    }

    /** @return System.nanoTime() when the 202 arrived */
    private long post(String event) throws IOException, InterruptedException {
        var answer = http.send(ClientToken.withToken(HttpRequest.newBuilder(options.events())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/cloudevents+json").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) throw new IllegalStateException("event not accepted: HTTP " + answer.statusCode() + " " + answer.body());
        return System.nanoTime();
    }

    private String interaction(String user, String video) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + run + "-" + UUID.randomUUID() + "\",\"source\":\"/bench/freshness\","
                + "\"type\":\"video.interaction\",\"data\":{\"userId\":" + q(user) + ",\"videoId\":" + q(video)
                + ",\"action\":\"watch\",\"watchSeconds\":30,\"surface\":\"home\"}}";
    }

    private String published(String video, String channel, String category) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + run + "-" + video + "\",\"source\":\"/bench/freshness\","
                + "\"type\":\"video.published\",\"data\":{\"videoId\":" + q(video) + ",\"channelId\":" + q(channel)
                + ",\"title\":\"A fresh upload\",\"durationSeconds\":120" + (category.isEmpty() ? "" : ",\"category\":" + q(category)) + "}}";
    }

    private String q(String s) {
        return json.getNodeFactory().textNode(s).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static String markdown(Options o, Dataset d, Result r) {
        String load = r.load() == null ? "none" : String.format(Locale.ROOT, "%,.0f events/s (target %,.0f)", r.load().eventsPerSecond(), o.load().rate());
        return String.format(Locale.ROOT, """
                | probe | data | background load | probes | p50 | p99 | max | not within %d s |
                | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |
                | watch → Home feed without the video | %s | %s | %d | %.0f ms | %.0f ms | %.0f ms | %d |
                | video.published → in the served index (Up Next has up_next items) | %s | %s | %d | %.0f ms | %.0f ms | %.0f ms | %d |
                """, o.timeout().toSeconds(),
                d.manifest.name(), load, r.watch().getTotalCount(), ms(r.watch(), 50), ms(r.watch(), 99), r.watch().getMaxValue() / 1000.0, r.watchTimeouts(),
                d.manifest.name(), load, r.newVideo().getTotalCount(), ms(r.newVideo(), 50), ms(r.newVideo(), 99), r.newVideo().getMaxValue() / 1000.0,
                r.videoTimeouts());
    }

    private static double ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1000.0;
    }
}
