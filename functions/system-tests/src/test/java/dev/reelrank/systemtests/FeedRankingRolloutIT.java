package dev.reelrank.systemtests;

import dev.reelrank.model.auth.ClientToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.ModelRollouts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A ranking model rolled out and back while clients ask for feeds (issue 17: "a rollout test
 * publishes a new ranking version while feeds are requested: no error, no mixed versions"), seen
 * from where clients see it: the feed route of the running product. Every answer must be a ranked
 * 200 naming one of the two versions, and each client must see the versions change once per
 * rollout record, never back and forth (re-ranking switches atomically, and a feed is scored by
 * one version). The served version is restored at the end.
 */
class FeedRankingRolloutIT {
    static {
        ClientAuth.install();
    }

    private static final String BOOTSTRAP = System.getProperty("reelrank.kafka.bootstrap", "127.0.0.1:9092");
    private static final Path MODELS = Path.of(System.getProperty("reelrank.models.dir",
            System.getProperty("maven.multiModuleProjectDirectory", "../..") + "/ml-artifacts/models")).resolve(ModelRollout.RANKING);
    private static final Pattern REASON = Pattern.compile("\"fallbackReason\":(null|\"([a-z_]+)\")");
    private static final Pattern MODEL = Pattern.compile("\"modelVersion\":\"([^\"]+)\"");
    private static final int CLIENTS = 4;

    private final SystemTestEvents events = new SystemTestEvents("-r");
    private final String run = events.run;

    @Test
    void aRankingVersionRollsOutAndBackUnderFeedsWithoutErrorsOrMixedVersions() throws Exception {
        var published = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 30; i++) published.add(events.published("st-" + run + "-rv" + i, "st-" + run + "-rch" + (i % 6)));
        events.postBatch(published);
        var engagement = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 30; i++) engagement.add(events.interaction("st-" + run + "-ru" + (i % 5), "st-" + run + "-rv" + i, "click", Map.of()));
        events.postBatch(engagement);
        String probe = "/v1/users/st-" + run + "-ru0/feed/home?limit=10";
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().when().get(SystemTestEvents.FEED + probe).then().statusCode(200).extract().jsonPath().getList("items").size() >= 5);

        String served = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> rankedVersion(given().when().get(SystemTestEvents.FEED + probe).asString()), v -> v != null);
        String other = anotherVersionOnDisk(served);
        assertNotNull(other, "a second ranking version under " + MODELS + " besides " + served);

        var stop = new AtomicBoolean();
        var problems = new ConcurrentLinkedQueue<String>();
        var seen = Collections.synchronizedList(new ArrayList<List<String>>());
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            var mine = Collections.synchronizedList(new ArrayList<String>());
            seen.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
                    for (int i = 0; !stop.get(); i++) {
                        String user = "st-" + run + "-ru" + ((client + i) % 5);
                        String path = i % 3 == 2 ? "/v1/videos/st-" + run + "-rv" + (i % 30) + "/up-next?limit=10&userId=" + user
                                : "/v1/users/" + user + "/feed/home?limit=10";
                        var answer = http.send(ClientToken.withToken(HttpRequest.newBuilder(URI.create(SystemTestEvents.FEED + path)))
                                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        String version = answer.statusCode() == 200 ? rankedVersion(answer.body()) : null;
                        if (version == null) problems.add(answer.statusCode() + " " + path + ": " + abbreviate(answer.body()));
                        else if (!version.equals(served) && !version.equals(other)) problems.add("unexpected version " + version);
                        else mine.add(version);
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            }));
        }
        try {
            // Every client has been answered by the served version before anything changes.
            awaitEveryClientOn(seen, served);
            // Out: the other version, then back to the one served before.
            ModelRollouts.publish(BOOTSTRAP, ModelRollout.TOPIC,
                    new ModelRollout(ModelRollout.RANKING, other, served, 0, Instant.now(), "publish"));
            awaitEveryClientOn(seen, other);
            ModelRollouts.publish(BOOTSTRAP, ModelRollout.TOPIC,
                    new ModelRollout(ModelRollout.RANKING, served, other, 0, Instant.now(), "rollback"));
            awaitEveryClientOn(seen, served);
        } finally {
            stop.set(true);
            for (Thread t : threads) t.join(Duration.ofSeconds(30));
            // Whatever happened above, leave the product serving what it served before.
            ModelRollouts.publish(BOOTSTRAP, ModelRollout.TOPIC,
                    new ModelRollout(ModelRollout.RANKING, served, other, 0, Instant.now(), "rollback"));
        }

        assertTrue(problems.isEmpty(), "every feed ranked by one of the two versions: " + problems.stream().limit(5).toList());
        for (List<String> versions : seen) {
            synchronized (versions) {
                assertEquals(2, changes(versions), "one switch out and one back per client, never back and forth: " + runs(versions));
            }
        }
    }

    private static void awaitEveryClientOn(List<List<String>> seen, String version) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> seen.stream().allMatch(l -> {
            synchronized (l) {
                return !l.isEmpty() && l.getLast().equals(version);
            }
        }));
        // A few more answers on the new version, so that a late flip back would be seen.
        int before = seen.stream().mapToInt(List::size).sum();
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.stream().mapToInt(List::size).sum() >= before + 4 * CLIENTS);
    }

    /** The ranking version that ordered the feed, or null when it fell back to another order. */
    static String rankedVersion(String body) {
        var reason = REASON.matcher(body);
        if (!reason.find() || reason.group(2) != null) return null;
        var model = MODEL.matcher(body);
        return model.find() ? model.group(1) : null;
    }

    private static String anotherVersionOnDisk(String served) throws IOException {
        try (var dirs = Files.list(MODELS)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("metadata.json")))
                    .map(d -> d.getFileName().toString()).filter(v -> !v.equals(served)).sorted().findFirst().orElse(null);
        }
    }

    private static int changes(List<String> versions) {
        int n = 0;
        for (int i = 1; i < versions.size(); i++) if (!versions.get(i).equals(versions.get(i - 1))) n++;
        return n;
    }

    private static String runs(List<String> versions) {
        var sb = new StringBuilder();
        for (int i = 0; i < versions.size(); i++) {
            int j = i;
            while (j + 1 < versions.size() && versions.get(j + 1).equals(versions.get(i))) j++;
            sb.append(versions.get(i)).append('×').append(j - i + 1).append(' ');
            i = j;
        }
        return sb.toString().strip();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
