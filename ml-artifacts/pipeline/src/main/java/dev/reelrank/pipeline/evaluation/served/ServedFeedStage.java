package dev.reelrank.pipeline.evaluation.served;

import dev.reelrank.model.auth.ClientToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.pipeline.evaluation.ListStage;
import dev.reelrank.proto.v1.UserFeatures;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Home feed the running product serves, as a list stage: for each scored user it asks
 * feed-assembly ({@code GET /v1/users/{userId}/feed/home?limit=N}, the user's home region in
 * {@code X-Region}) and scores the items in the order served. The features behind the answer are
 * whatever the product holds for the user (the events posted to it), not the evaluator's offline
 * fold; the comparison is fair only when the product consumed exactly the evaluator's training rows
 * ({@code post --part train}).
 *
 * <p>Every answer's versions are counted: the body's {@code modelVersion} (the ranker, or what
 * ordered a degraded answer) and the {@code Reelrank-Retrieval-Version} header (the two-tower version
 * behind the ANN candidates). {@link #summary()} reports them with the number of fallback answers;
 * {@link Summary#requireOneVersion} refuses a run whose answers name more than one version.
 */
public final class ServedFeedStage implements ListStage {
    public static final String RETRIEVAL_VERSION_HEADER = "Reelrank-Retrieval-Version";
    static final String NONE = "(none)";

    private final URI base;
    private final int limit;
    private final int maxRetries;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, LongAdder> modelVersions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rankedModelVersions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retrievalVersions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> fallbackReasons = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sourcesTop20 = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder(), fallbacks = new LongAdder(), items = new LongAdder(), nanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();

    /**
     * @param baseUrl feed-assembly's root, e.g. http://127.0.0.1:8080
     * @param limit   items asked per feed (feed-assembly accepts 1..reelrank.feed.max-limit, 100 by default)
     */
    public ServedFeedStage(URI baseUrl, int limit, int maxRetries) {
        if (limit < 1) throw new IllegalArgumentException("--served-limit must be >= 1");
        String s = baseUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.limit = limit;
        this.maxRetries = maxRetries;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return "served-home";
    }

    public int limit() {
        return limit;
    }

    @Override
    public List<String> recommend(FeedRequest request, UserFeatures ignoredOfflineFeatures) {
        var b = ClientToken.withToken(HttpRequest.newBuilder(base.resolve("/v1/users/" + URLEncoder.encode(request.userId(), StandardCharsets.UTF_8)
                        + "/feed/home?limit=" + Math.min(limit, request.limit()))))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("X-Request-Id", request.requestId());
        if (request.context() != null && request.context().region() != null) b.header("X-Region", request.context().region());
        HttpResponse<String> r = send(b.GET().build());
        return parse(r.body(), r.headers().firstValue(RETRIEVAL_VERSION_HEADER).orElse(null));
    }

    private HttpResponse<String> send(HttpRequest req) {
        String failure;
        for (int attempt = 0; ; attempt++) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                long dt = System.nanoTime() - t0;
                if (r.statusCode() == 200) {
                    nanos.add(dt);
                    maxNanos.accumulateAndGet(dt, Math::max);
                    return r;
                }
                failure = "HTTP " + r.statusCode() + ": " + r.body();
                if (r.statusCode() / 100 == 4) throw new IllegalStateException(req.uri() + " answered " + failure);
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (attempt >= maxRetries) throw new IllegalStateException("giving up on " + req.uri() + " after " + (attempt + 1) + " attempts: " + failure);
            try {
                Thread.sleep(200L << Math.min(attempt, 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The video ids of one answer in served order; counts its versions and fallback. */
    List<String> parse(String body, String retrievalVersion) {
        JsonNode feed;
        try {
            feed = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not a feed: " + body, e);
        }
        JsonNode list = feed.get("items");
        if (list == null || !list.isArray()) throw new IllegalStateException("a feed without items: " + body);
        requests.increment();
        count(modelVersions, text(feed, "modelVersion"));
        count(retrievalVersions, retrievalVersion == null || retrievalVersion.isBlank() ? NONE : retrievalVersion);
        if (feed.path("fallback").asBoolean(false)) {
            fallbacks.increment();
            count(fallbackReasons, text(feed, "fallbackReason"));
        } else {
            count(rankedModelVersions, text(feed, "modelVersion"));
        }
        var ids = new ArrayList<String>(list.size());
        for (JsonNode item : list) {
            ids.add(item.get("videoId").asText());
            if (ids.size() <= 20) count(sourcesTop20, text(item, "source"));
        }
        items.add(ids.size());
        return ids;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? NONE : v.asText();
    }

    private static void count(Map<String, LongAdder> m, String key) {
        m.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public Summary summary() {
        long n = requests.sum();
        return new Summary(base.toString(), limit, n, fallbacks.sum(), sorted(modelVersions), sorted(rankedModelVersions), sorted(retrievalVersions),
                sorted(fallbackReasons), sorted(sourcesTop20), n == 0 ? 0 : (double) items.sum() / n,
                n == 0 ? 0 : nanos.sum() / 1e6 / n, maxNanos.get() / 1e6);
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> m) {
        var out = new TreeMap<String, Long>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * What the served answers said about themselves.
     *
     * @param modelVersions     body modelVersion → answers
     * @param rankedModelVersions the same, over the answers that are not fallbacks (a degraded answer names what
     *                            ordered it: the retrieval version, or the popular list's name)
     * @param retrievalVersions Reelrank-Retrieval-Version header → answers ({@code (none)}: absent)
     * @param sourcesTop20      the source tag of the items in the top 20 of every answer → items
     */
    public record Summary(String url, int limit, long requests, long fallbacks, Map<String, Long> modelVersions,
                          Map<String, Long> rankedModelVersions,
                          Map<String, Long> retrievalVersions, Map<String, Long> fallbackReasons, Map<String, Long> sourcesTop20,
                          double meanItems, double meanMillis, double maxMillis) {

        /** @param expected the retrieval version every answer must name (null: any, as long as there is one) */
        public void requireOneVersion(String expected) {
            if (requests == 0) throw new IllegalStateException("no feed was requested");
            // A fallback answer (ranking unavailable) names what ordered it instead of the ranker: counted and
            // reported, not a mix of versions. Every answer must name one retrieval version.
            if (rankedModelVersions.size() > 1 || retrievalVersions.size() != 1) {
                throw new IllegalStateException("the served answers name more than one version: modelVersion " + modelVersions
                        + ", " + RETRIEVAL_VERSION_HEADER + " " + retrievalVersions + " (fallbacks: " + fallbacks + " " + fallbackReasons + ")");
            }
            if (expected != null && !retrievalVersions.containsKey(expected)) {
                throw new IllegalStateException("expected retrieval version " + expected + " but the feed answered with " + retrievalVersions);
            }
        }

        public String markdown() {
            return String.format(java.util.Locale.ROOT,
                    "Served feeds (%s, limit %d): %,d requests, %,d fallback answers %s; modelVersion %s; %s %s; "
                            + "%.1f items per answer; latency mean %.1f ms, max %.0f ms; sources of the top-20 items %s.%n",
                    url, limit, requests, fallbacks, fallbackReasons, modelVersions, RETRIEVAL_VERSION_HEADER, retrievalVersions,
                    meanItems, meanMillis, maxMillis, sourcesTop20);
        }
    }
}
