package dev.reelrank.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import dev.reelrank.proto.v1.Interaction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the event load generator posts, as an in-process stand-in for the event API receives it. */
class EventBenchTest {
    /**
     * Rows are cycled, so a run posts each row many times: each time must be a new event to the fold,
     * which counts an impression once per (user, request, video). The request id is therefore fresh
     * per run and pass, and still shared by the rows of one request within a pass.
     */
    @Test
    void aRowPostedAgainNamesAFreshRequestSharedWithItsOwnRequestsRows(@TempDir Path tmp) throws Exception {
        new WorldGenerator(WorldConfig.of(200, 50, 600, 7), BehaviourModel.DEFAULTS, false).generate(tmp, "w");
        Dataset data = Dataset.load(tmp);
        var bodies = new ConcurrentLinkedQueue<String>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/v1/events", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        server.start();
        try {
            var options = new EventBench.Options(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events"),
                    1, data.rows, Duration.ofSeconds(2), EventBench.Order.FILE, false, 0);
            new EventBench(data, options, new PrintStream(new ByteArrayOutputStream())).run();
        } finally {
            server.stop(0);
        }

        var posted = new ArrayList<Interaction>();
        var parser = JsonFormat.parser().ignoringUnknownFields();
        for (String body : bodies) {
            // One event per row, in file order: a body is exactly one pass over the rows.
            for (String event : body.substring(2, body.length() - 2).split("\\},\\{\"specversion")) {
                String json = event.substring(event.indexOf("\"data\":") + 7);
                var b = Interaction.newBuilder();
                parser.merge(json.endsWith("}}") ? json.substring(0, json.length() - 1) : json, b);
                posted.add(b.build());
            }
        }
        assertTrue(posted.size() >= 2 * data.rows, "at least two passes over the rows: " + posted.size());

        var counted = new HashSet<String>();
        Map<String, String> renamed = new HashMap<>();
        int withRequest = 0;
        for (int i = 0; i < posted.size(); i++) {
            Interaction sent = posted.get(i), row = data.interaction(i % data.rows);
            assertEquals(row.getUserId(), sent.getUserId());
            if (row.getRequestId().isEmpty()) continue;
            withRequest++;
            String pass = (i / data.rows) + "/" + row.getRequestId();
            String before = renamed.putIfAbsent(pass, sent.getRequestId());
            if (before != null) assertEquals(before, sent.getRequestId(), "one request's rows share its new id within a pass");
            if (row.getAction() == dev.reelrank.proto.v1.Action.impression) {
                assertTrue(counted.add(sent.getUserId() + "|" + sent.getRequestId() + "|" + sent.getVideoId()),
                        "an impression posted again must count again: " + sent);
            }
        }
        assertTrue(withRequest > 0, "the generated world names the requests of its impressions");
        assertEquals(renamed.size(), new HashSet<>(renamed.values()).size(), "no two passes or requests share an id");
    }
}
