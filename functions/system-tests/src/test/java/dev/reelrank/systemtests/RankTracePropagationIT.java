package dev.reelrank.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The trace of a feed request crosses the gRPC hop: feed-assembly continues the caller's traceparent,
 * its Rank call carries it (the gRPC client's span), and re-ranking's server span is a child of that
 * client span in the same trace. Both functions export to {@link OtlpReceiver} here: the pom starts
 * them with OTEL_EXPORTER_OTLP_ENDPOINT at {@code reelrank.otlp.port} (OTLP/HTTP protobuf).
 */
class RankTracePropagationIT {
    static {
        ClientAuth.install();
    }

    static final int OTLP_PORT = Integer.getInteger("reelrank.otlp.port", 14318);
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    private final SystemTestEvents events = new SystemTestEvents("-t");
    private final String run = events.run;

    @Test
    void reRankingsSpanIsAChildOfTheFeedsRankCall() throws Exception {
        try (var collector = new OtlpReceiver(OTLP_PORT)) {
            var published = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < 12; i++) published.add(events.published("st-" + run + "-tv" + i, "st-" + run + "-tch" + (i % 4)));
            events.postBatch(published);
            var engagement = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < 12; i++) engagement.add(events.interaction("st-" + run + "-tu", "st-" + run + "-tv" + i, "click", Map.of()));
            events.postBatch(engagement);

            String path = SystemTestEvents.FEED + "/v1/users/st-" + run + "-tu/feed/home?limit=10";
            // Feeds that re-ranking ranked (no fallback), each in a trace of our own, asked for until
            // both sides of one's hop have arrived: spans leave each function in batches, and the spans
            // of a feed answered while the exporters' queues were still full of what the earlier tests
            // could not export (nothing listened before this receiver) may have been dropped.
            List<String> rankedTraces = new ArrayList<>();
            var hop = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String candidate = UUID.randomUUID().toString().replace("-", "");
                var answer = given().header("traceparent", "00-" + candidate + "-" + CALLER_SPAN + "-01").when().get(path)
                        .then().statusCode(200).extract().jsonPath();
                if (answer.get("fallbackReason") == null && !answer.getList("items").isEmpty()) rankedTraces.add(candidate);
                for (String t : rankedTraces) {
                    var found = rankHop(collector, t);
                    if (found.isPresent()) return found;
                }
                return Optional.<List<OtlpReceiver.ExportedSpan>>empty();
            }, Optional::isPresent).orElseThrow();
            String trace = hop.get(0).traceId();
            OtlpReceiver.ExportedSpan client = hop.get(0), server = hop.get(1);
            assertEquals(client.spanId(), server.parentSpanId(), "re-ranking's span is the child of feed-assembly's Rank call");
            assertTrue(server.service().contains("re-ranking"), server.toString());
            assertTrue(client.service().contains("feed-assembly"), client.toString());
            // And the feed's own server span continued the caller's trace (it ends after the Rank call's,
            // so it may come in a later batch).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertTrue(collector.spans.stream().anyMatch(s -> s.traceId().equals(trace) && s.kind() == OtlpReceiver.KIND_SERVER
                            && s.service().contains("feed-assembly") && s.parentSpanId().equals(CALLER_SPAN)),
                            "feed-assembly continued the caller's trace"));
        }
    }

    /** [feed-assembly's gRPC client span, re-ranking's server span] of the trace, once both have arrived. */
    static Optional<List<OtlpReceiver.ExportedSpan>> rankHop(OtlpReceiver collector, String trace) {
        var spans = collector.spans.stream().filter(s -> s.traceId().equals(trace)).toList();
        for (var server : spans) {
            if (server.kind() != OtlpReceiver.KIND_SERVER || !server.service().contains("re-ranking")) continue;
            for (var client : spans) {
                if (client.kind() == OtlpReceiver.KIND_CLIENT && client.spanId().equals(server.parentSpanId())) {
                    return Optional.of(List.of(client, server));
                }
            }
        }
        return Optional.empty();
    }
}
