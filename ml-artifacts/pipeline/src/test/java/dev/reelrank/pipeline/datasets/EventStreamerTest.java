package dev.reelrank.pipeline.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.proto.v1.Interaction;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamer against a real HTTP endpoint that records what it receives and answers 503 when told to. */
class EventStreamerTest {
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailable = new AtomicInteger();

    private URI start(int status) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int code = unavailable.getAndDecrement() > 0 ? 503 : status;
            if (code == 202) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void sendsVideosFirstThenInteractionsInTimeOrderRetryingOn503(@TempDir Path tmp) throws Exception {
        new WorldGenerator(WorldConfig.of(50, 20, 400, 9), BehaviourModel.DEFAULTS, false).generate(tmp, "tiny");
        URI url = start(202);
        unavailable.set(2);
        var streamer = new EventStreamer(url, 64, 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10));
        long sent = streamer.stream(Dataset.load(tmp));
        assertEquals(450, sent);
        assertTrue(contentTypes.stream().allMatch(EventStreamer.BATCH_MEDIA_TYPE::equals));

        var json = new ObjectMapper();
        var events = new ArrayList<JsonNode>();
        for (String b : bodies) json.readTree(b).forEach(events::add);
        assertEquals(450, events.size(), "each batch delivered once despite the two 503 answers");
        var ids = new HashSet<String>();
        Instant last = Instant.MIN;
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertEquals("1.0", e.get("specversion").asText());
            assertEquals("/reelrank/generator", e.get("source").asText());
            assertTrue(ids.add(e.get("id").asText()), "unique id " + e.get("id"));
            if (i < 50) {
                assertEquals("video.published", e.get("type").asText());
                continue;
            }
            assertEquals("video.interaction", e.get("type").asText());
            var b = Interaction.newBuilder();
            JsonFormat.parser().merge(e.get("data").toString(), b);
            assertTrue(e.get("data").get("action").asText().matches("[a-z_]+"), "enum values are lower case");
            Instant t = Instant.parse(e.get("time").asText());
            assertTrue(!t.isBefore(last), "time order");
            last = t;
        }
        assertTrue(events.get(50).get("id").asText().startsWith("tiny/i/"), "stable ids name the dataset and the row");
    }

    @Test
    void stopsOnARejectionWithTheServersAnswer(@TempDir Path tmp) throws Exception {
        new WorldGenerator(WorldConfig.of(50, 5, 50, 9), BehaviourModel.DEFAULTS, false).generate(tmp, "tiny");
        URI url = start(400);
        var e = assertThrows(IllegalStateException.class, () -> EventStreamer.to(url, 10).stream(Dataset.load(tmp)));
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
    }

    @Test
    void postsOnlyTheEvaluatorsTrainingRowsAndVideosPublishedBeforeTheSplit(@TempDir Path tmp) throws Exception {
        new WorldGenerator(WorldConfig.of(200, 30, 3_000, 4), BehaviourModel.DEFAULTS, false).generate(tmp, "tiny");
        Dataset d = Dataset.load(tmp);
        var split = dev.reelrank.pipeline.evaluation.Split.byTime(d, 0.2);
        boolean[] rows = new boolean[d.rows];
        int train = 0, early = 0;
        for (int i = 0; i < d.rows; i++) if (rows[i] = split.isTrain(i)) train++;
        for (int v = 0; v < d.videoCount(); v++) if (d.videoPublished[v] < split.now()) early++;
        var part = StreamPart.of(d, rows, split.now(), StreamPart.DEFAULT_UNTIMED_START, "train");
        URI url = start(202);
        long sent = new EventStreamer(url, 100, 0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(10)).stream(d, part);
        assertTrue(early < d.videoCount(), "some videos are published after the split");
        assertEquals(train + early, sent);
        var json = new ObjectMapper();
        for (String b : bodies) for (JsonNode e : json.readTree(b)) {
            if (e.get("type").asText().equals("video.interaction")) {
                int row = Integer.parseInt(e.get("id").asText().substring("tiny/i/".length()));
                assertTrue(split.isTrain(row), "row " + row + " is a training row");
                assertTrue(Instant.parse(e.get("time").asText()).toEpochMilli() < split.now());
            }
        }
    }

    @Test
    void givesUntimedRowsADeterministicDayPerUserInFileOrder(@TempDir Path tmp) throws Exception {
        var videos = new StringBuilder(DatasetFiles.VIDEO_HEADER + "\n");
        for (String v : new String[]{"a", "b", "c"}) Rows.video(videos, v, null, null, null, null, null, 100, Long.MIN_VALUE, null);
        var rows = new StringBuilder(DatasetFiles.INTERACTION_HEADER + "\n");
        String[][] log = {{"u1", "a"}, {"u1", "b"}, {"u1", "c"}, {"u1", "a"}, {"u2", "c"}, {"u2", "b"}};
        for (String[] r : log) Rows.interaction(rows, r[0], r[1], "watch", r[0].equals("u2") ? 0 : 500, null, -1, null, Long.MIN_VALUE, null, null, null, null);
        try (var out = dev.reelrank.pipeline.io.Gzip.out(tmp.resolve(DatasetFiles.VIDEOS))) { out.write(videos.toString().getBytes(StandardCharsets.UTF_8)); }
        try (var out = dev.reelrank.pipeline.io.Gzip.out(tmp.resolve(DatasetFiles.INTERACTIONS))) { out.write(rows.toString().getBytes(StandardCharsets.UTF_8)); }
        new Manifest("untimed", "imported", "/reelrank/import/test", "test", java.util.Map.of(), null,
                java.util.Map.of("videos", 3L, "interactions", 6L), false, false, false, 2.0, "test", null).write(tmp);
        Dataset d = Dataset.load(tmp);
        var start = Instant.parse("2026-01-01T00:00:00Z");
        var part = StreamPart.all(d, start);
        long day = 86_400_000L, t0 = start.toEpochMilli();
        assertEquals(List.of(t0, t0 + day / 4, t0 + day / 2, t0 + 3 * day / 4, t0, t0 + day / 2),
                java.util.Arrays.stream(part.rowTime()).boxed().toList(), "each user's rows spread over one day in file order");
        assertTrue(java.util.Arrays.stream(part.videoTime()).allMatch(t -> t == t0 - 1), "videos published before any interaction");
        URI url = start(202);
        EventStreamer.to(url, 100).stream(d, part);
        var json = new ObjectMapper();
        var times = new ArrayList<String>();
        for (String b : bodies) for (JsonNode e : json.readTree(b)) {
            assertTrue(e.has("time"), "every event has a time");
            if (e.get("type").asText().equals("video.interaction")) {
                times.add(e.get("id").asText() + "@" + e.get("data").get("occurredAt").asText());
                assertTrue(e.get("data").has("watchSeconds"), "a watch always names its seconds, even 0: " + e);
            } else {
                assertEquals("2025-12-31T23:59:59.999Z", e.get("data").get("publishedAt").asText());
            }
        }
        assertEquals(List.of("untimed/i/0@2026-01-01T00:00:00Z", "untimed/i/4@2026-01-01T00:00:00Z",
                "untimed/i/1@2026-01-01T06:00:00Z", "untimed/i/2@2026-01-01T12:00:00Z", "untimed/i/5@2026-01-01T12:00:00Z",
                "untimed/i/3@2026-01-01T18:00:00Z"), times, "posted in time order, stable within a time");
    }
}
