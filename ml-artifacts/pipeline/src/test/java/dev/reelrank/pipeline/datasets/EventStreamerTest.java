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
}
