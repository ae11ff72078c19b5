package dev.reelrank.systemtests;

import dev.reelrank.model.auth.ClientToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Many feeds at once through the real gRPC hop from feed-assembly to re-ranking (issue 18): with 8
 * connections, bursts of cancelled Rank calls once made re-ranking's HTTP/2 server close the shared
 * connection (GOAWAY), and every call on it failed, i.e. feeds fell back with
 * {@code ranking_unavailable}. 32 client connections, each with its own HTTP connection, ask
 * for feeds back to back. The system tests run feed-assembly with a ranking timeout of seconds
 * ({@code RANKING_TIMEOUT} in this module's pom), so on a slow box a ranking that takes its time
 * is waited for rather than counted as a fallback: any fallback here is a failed call.
 */
class ConcurrentFeedsIT {
    static {
        ClientAuth.install();
    }

    private static final int CONNECTIONS = 32;
    private static final int FEEDS_EACH = 8;
    private static final Pattern REASON = Pattern.compile("\"fallbackReason\":(null|\"([a-z_]+)\")");
    private static final Pattern MODEL = Pattern.compile("\"modelVersion\":\"([^\"]+)\"");

    private final SystemTestEvents events = new SystemTestEvents("-c");
    private final String run = events.run;

    @Test
    void thirtyTwoConnectionsAtOnceGetRankedFeedsWithoutAFallback() throws Exception {
        var published = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 40; i++) published.add(events.published("st-" + run + "-cv" + i, "st-" + run + "-cch" + (i % 8)));
        events.postBatch(published);
        var engagement = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 40; i++) {
            engagement.add(events.interaction("st-" + run + "-cu" + (i % 10), "st-" + run + "-cv" + i, "click", Map.of()));
        }
        events.postBatch(engagement);
        String probe = "st-" + run + "-cu0";
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().when().get(SystemTestEvents.FEED + "/v1/users/" + probe + "/feed/home?limit=20")
                        .then().statusCode(200).extract().jsonPath().getList("items").size() >= 10);

        var outcomes = new ConcurrentHashMap<String, AtomicInteger>();
        var failures = new ConcurrentHashMap<String, AtomicInteger>();
        var start = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int connection = c;
            threads.add(Thread.ofPlatform().start(() -> {
                // One client per thread, HTTP/1.1: 32 TCP connections, as 32 independent callers.
                try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
                    start.await();
                    for (int i = 0; i < FEEDS_EACH; i++) {
                        String user = "st-" + run + "-cu" + ((connection + i) % 10);
                        String path = i % 3 == 2
                                ? "/v1/videos/st-" + run + "-cv" + (connection % 40) + "/up-next?limit=10&userId=" + user
                                : "/v1/users/" + user + "/feed/home?limit=20";
                        var response = client.send(ClientToken.withToken(HttpRequest.newBuilder(URI.create(SystemTestEvents.FEED + path)))
                                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        outcomes.computeIfAbsent(outcome(response), k -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.computeIfAbsent(e.toString(), k -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) t.join(Duration.ofMinutes(3));

        var summary = new TreeMap<String, Integer>();
        outcomes.forEach((k, v) -> summary.put(k, v.get()));
        assertTrue(failures.isEmpty(), "client failures: " + failures + ", outcomes " + summary);
        assertEquals(CONNECTIONS * FEEDS_EACH, summary.getOrDefault("ranked", 0),
                "every feed ranked, none fell back (a GOAWAY on the gRPC hop shows as ranking_unavailable): " + summary);
    }

    private static String outcome(HttpResponse<String> response) {
        if (response.statusCode() != 200) return "http " + response.statusCode();
        var reason = REASON.matcher(response.body());
        if (!reason.find()) return "no fallbackReason field";
        if (reason.group(2) != null) return reason.group(2);
        var model = MODEL.matcher(response.body());
        return model.find() ? "ranked" : "no modelVersion";
    }
}
