package dev.reelrank.functions.eventingestion;

/** Request and response examples shown in the OpenAPI description of POST /v1/events. */
final class OpenApiExamples {
    private OpenApiExamples() {}

    static final String BINARY = """
            {"userId": "u-42", "videoId": "v-7", "action": "watch", "watchSeconds": 31.5, "surface": "home", "position": 3}""";

    static final String STRUCTURED = """
            {"specversion": "1.0", "id": "evt-1", "source": "/clients/web", "type": "video.interaction",
             "time": "2026-11-25T10:00:00Z", "datacontenttype": "application/json",
             "data": {"userId": "u-42", "videoId": "v-7", "action": "like", "surface": "up_next"}}""";

    static final String BATCH = """
            [{"specversion": "1.0", "id": "evt-2", "source": "/clients/web", "type": "video.interaction",
              "data": {"userId": "u-42", "videoId": "v-7", "action": "click", "position": 0}},
             {"specversion": "1.0", "id": "vid-9", "source": "/studio", "type": "video.published",
              "data": {"videoId": "v-9", "channelId": "c-1", "title": "Hello", "durationSeconds": 120}}]""";

    static final String ACCEPTED = """
            {"accepted": 2, "ids": ["evt-2", "vid-9"]}""";

    static final String INVALID = """
            {"type": "https://reelrank.dev/problems/invalid-event", "title": "Invalid CloudEvent", "status": 400,
             "detail": "watchSeconds is required for action watch", "field": "data.watchSeconds", "index": 1}""";

    static final String TOO_LARGE = """
            {"type": "https://reelrank.dev/problems/payload-too-large", "title": "Payload too large", "status": 413,
             "detail": "batch has 900 events; the limit is 500"}""";

    static final String UNSUPPORTED = """
            {"type": "https://reelrank.dev/problems/unsupported-media-type", "title": "Unsupported media type", "status": 415,
             "detail": "Content-Type text/plain is not accepted; use application/json with ce-* headers, application/cloudevents+json or application/cloudevents-batch+json"}""";

    static final String UNAVAILABLE = """
            {"type": "https://reelrank.dev/problems/event-log-unavailable", "title": "Event log unavailable", "status": 503,
             "detail": "Kafka did not acknowledge within 10000 ms; retry with the same event ids"}""";
}
