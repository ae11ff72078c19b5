package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.served.ServedFeedStage;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.proto.v1.UserFeatures;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served-feed stage against a local HTTP server that plays feed-assembly's Home route. */
class ServedEvaluationTest {
    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> regions = new CopyOnWriteArrayList<>();

    /** @param answer user id → {retrieval version header, JSON body} */
    private URI start(Function<String, String[]> answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/users/", ex -> {
            String path = ex.getRequestURI().getPath();
            String user = path.substring("/v1/users/".length(), path.length() - "/feed/home".length());
            queries.add(ex.getRequestURI().getQuery());
            String region = ex.getRequestHeaders().getFirst("X-Region");
            if (region != null) regions.add(region);
            String[] a = answer.apply(user);
            if (a[0] != null) ex.getResponseHeaders().add(ServedFeedStage.RETRIEVAL_VERSION_HEADER, a[0]);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = a[1].getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    static String feed(String user, String modelVersion, boolean fallback, List<String> videos) {
        var sb = new StringBuilder("{\"requestId\":\"r\",\"userId\":\"" + user + "\",\"modelVersion\":\"" + modelVersion
                + "\",\"fallback\":" + fallback + (fallback ? ",\"fallbackReason\":\"ranking: deadline\"" : "") + ",\"items\":[");
        for (int i = 0; i < videos.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"videoId\":\"").append(videos.get(i)).append("\",\"channelId\":null,\"score\":").append(1.0 / (i + 1))
                    .append(",\"source\":\"").append(i % 2 == 0 ? "ann" : "popular").append("\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void readsItemsInServedOrderAndCountsVersionsAndFallbacks() throws Exception {
        URI url = start(user -> user.equals("u-fallback")
                ? new String[]{"tt-a", feed(user, "popularity-v0", true, List.of("v9"))}
                : new String[]{"tt-a", feed(user, "heuristic-v0", false, List.of("v3", "v1", "v2"))});
        var stage = new ServedFeedStage(url, 100, 0);
        var ctx = new RequestContext(null, "DE", null);
        assertEquals(List.of("v3", "v1", "v2"), stage.recommend(FeedRequest.home("eval-u1", "u1", 500, ctx), UserFeatures.getDefaultInstance()));
        assertEquals(List.of("v9"), stage.recommend(FeedRequest.home("eval-f", "u-fallback", 500, ctx), UserFeatures.getDefaultInstance()));
        assertEquals(List.of("limit=100", "limit=100"), queries, "asks min(served limit, request limit)");
        assertEquals(List.of("DE", "DE"), regions);
        var s = stage.summary();
        assertEquals(2, s.requests());
        assertEquals(1, s.fallbacks());
        assertEquals(Map.of("ranking: deadline", 1L), s.fallbackReasons());
        assertEquals(Map.of("heuristic-v0", 1L, "popularity-v0", 1L), s.modelVersions());
        assertEquals(Map.of("tt-a", 2L), s.retrievalVersions());
        assertEquals(Map.of("ann", 3L, "popular", 1L), s.sourcesTop20());
        s.requireOneVersion("tt-a"); // a fallback names its rule: not a mix of versions
        assertEquals(Map.of("heuristic-v0", 1L), s.rankedModelVersions());
        stop();
        URI two = start(user -> new String[]{"tt-a", feed(user, user.equals("u2") ? "mmoe-1" : "heuristic-v0", false, List.of("v1"))});
        var mixedStage = new ServedFeedStage(two, 100, 0);
        mixedStage.recommend(FeedRequest.home("a", "u1", 10, ctx), UserFeatures.getDefaultInstance());
        mixedStage.recommend(FeedRequest.home("b", "u2", 10, ctx), UserFeatures.getDefaultInstance());
        var mixed = assertThrows(IllegalStateException.class, () -> mixedStage.summary().requireOneVersion("tt-a"));
        assertTrue(mixed.getMessage().contains("more than one version"), mixed.getMessage());
    }

    @Test
    void refusesAnswersOfAnotherOrMixedRetrievalVersions() throws Exception {
        URI url = start(user -> new String[]{user.equals("u2") ? "tt-b" : "tt-a", feed(user, "heuristic-v0", false, List.of("v1"))});
        var stage = new ServedFeedStage(url, 20, 0);
        var ctx = new RequestContext(null, null, null);
        stage.recommend(FeedRequest.home("r1", "u1", 20, ctx), UserFeatures.getDefaultInstance());
        stage.summary().requireOneVersion("tt-a");
        assertThrows(IllegalStateException.class, () -> stage.summary().requireOneVersion("tt-b"));
        stage.recommend(FeedRequest.home("r2", "u2", 20, ctx), UserFeatures.getDefaultInstance());
        assertThrows(IllegalStateException.class, () -> stage.summary().requireOneVersion(null));
    }

    @Test
    void aFeedOfTheHeldOutPositivesScoresFullRecallAndAnEmptyFeedZero(@TempDir Path tmp) throws Exception {
        new WorldGenerator(WorldConfig.of(500, 120, 20_000, 7), BehaviourModel.DEFAULTS, false).generate(tmp, "served-test");
        Dataset d = Dataset.load(tmp);
        Split split = Split.byTime(d, 0.2);
        var labels = new Labels(0.5);
        // user → the distinct videos of their positive test rows (what a perfect feed would serve)
        var positives = new HashMap<String, LinkedHashSet<String>>();
        for (int r = 0; r < d.rows; r++) {
            if (!split.isTrain(r) && d.video[r] >= 0 && labels.positive(d, r)) {
                positives.computeIfAbsent(d.users.value(d.user[r]), u -> new LinkedHashSet<>()).add(d.videos.value(d.video[r]));
            }
        }
        URI url = start(user -> new String[]{"tt-x", feed(user, "heuristic-v0", false,
                new ArrayList<>(positives.getOrDefault(user, new LinkedHashSet<>())).subList(0, Math.min(100, positives.getOrDefault(user, new LinkedHashSet<>()).size())))});
        var o = new EvaluationCommand.Options(tmp, "time", 0.2, 5, 42, 0.5, 0, tmp.resolve("out"), 2, true, 24, 50, 200, 20, 3);
        Report perfect = EvaluationCommand.evaluateServed(o, new ServedFeedStage(url, 100, 0), "tt-x", "test");
        assertTrue(perfect.usersScored() > 10, "users scored: " + perfect.usersScored());
        var atK = perfect.lists().get("served-home").atK();
        assertFalse(atK.containsKey(500), "no K beyond the feed size");
        assertEquals(1.0, atK.get(100).recall(), 1e-9);
        assertTrue(atK.get(10).ndcg() > 0.5, "ndcg@10 " + atK.get(10).ndcg());
        assertEquals(perfect.usersScored(), perfect.served().requests(), "one feed per scored user");
        assertTrue(perfect.markdown().contains("| served-home | 20 |"));
        stop();

        URI emptyUrl = start(user -> new String[]{"tt-x", feed(user, "heuristic-v0", false, List.of())});
        Report empty = EvaluationCommand.evaluateServed(o, new ServedFeedStage(emptyUrl, 100, 0), null, "test");
        assertEquals(0.0, empty.lists().get("served-home").atK().get(20).recall(), 1e-9);
        assertThrows(IllegalStateException.class, () -> EvaluationCommand.evaluateServed(o, new ServedFeedStage(emptyUrl, 100, 0), "tt-other", "test"));
    }
}
