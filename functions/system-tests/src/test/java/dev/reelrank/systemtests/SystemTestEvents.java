package dev.reelrank.systemtests;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The events a system test posts, as a client would write them (structured CloudEvents in a batch),
 * with ids unique per run: the stack's stores persist between runs.
 */
final class SystemTestEvents {
    static {
        ClientAuth.install();
    }

    static final String INGESTION = System.getProperty("reelrank.ingestion.url", "http://127.0.0.1:8081");
    static final String FEED = System.getProperty("reelrank.feed.url", "http://127.0.0.1:8080");

    final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String idPrefix;
    private final AtomicInteger eventIds = new AtomicInteger();

    /** @param idPrefix keeps the event ids of different tests of one run apart */
    SystemTestEvents(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    Map<String, Object> event(String type, Map<String, Object> data) {
        return Map.of("specversion", "1.0", "id", run + idPrefix + eventIds.incrementAndGet(),
                "source", "/reelrank/system-test", "type", type, "time", Instant.now().toString(),
                "datacontenttype", "application/json", "data", data);
    }

    Map<String, Object> published(String video, String channel) {
        return published(video, channel, "music");
    }

    Map<String, Object> published(String video, String channel, String category) {
        return event("video.published", Map.of("videoId", video, "channelId", channel, "title", "System test " + video,
                "category", category, "language", "en", "region", "US", "durationSeconds", 300,
                "publishedAt", Instant.now().toString(), "tags", List.of("system-test")));
    }

    /** A Home interaction from a web client in the US; {@code extra} adds or overrides fields. */
    Map<String, Object> interaction(String user, String video, String action, Map<String, Object> extra) {
        var data = new HashMap<String, Object>(Map.of("userId", user, "videoId", video, "action", action,
                "surface", "home", "device", "web", "region", "US", "occurredAt", Instant.now().toString()));
        data.putAll(extra);
        return event("video.interaction", data);
    }

    void postBatch(List<Map<String, Object>> events) {
        given().contentType("application/cloudevents-batch+json").body(events)
                .when().post(INGESTION + "/v1/events")
                .then().statusCode(202);
    }
}
