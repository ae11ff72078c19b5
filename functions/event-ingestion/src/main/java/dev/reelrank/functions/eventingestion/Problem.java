package dev.reelrank.functions.eventingestion;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body. {@code attribute} names a CloudEvents attribute, {@code field} a
 * payload field ({@code data.watchSeconds}), {@code index} the event's position in a batch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String attribute, String field, Integer index) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://reelrank.dev/problems/";
    // Details may quote parser messages that quote the client's input; an answer should stay smaller than the request.
    private static final int MAX_DETAIL_CHARS = 1000;

    public static Problem invalidEvent(String detail, String attribute, String field) {
        return new Problem(BASE + "invalid-event", "Invalid CloudEvent", 400, clip(detail), attribute, clip(field), null);
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_DETAIL_CHARS ? s : s.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    public static Problem tooLarge(String detail) {
        return new Problem(BASE + "payload-too-large", "Payload too large", 413, detail, null, null, null);
    }

    public static Problem unsupportedMediaType(String detail) {
        return new Problem(BASE + "unsupported-media-type", "Unsupported media type", 415, detail, null, null, null);
    }

    public static Problem eventLogUnavailable(String detail) {
        return new Problem(BASE + "event-log-unavailable", "Event log unavailable", 503, detail, null, null, null);
    }

    /** 401: answered with {@code WWW-Authenticate: Bearer} ({@link ProblemResponses}). */
    public static Problem unauthorized(String detail) {
        return new Problem(BASE + "unauthorized", "Unauthorized", 401, detail, null, null, null);
    }

    /** 403; {@code index} names the refused event of a batch (the whole batch is refused). */
    public static Problem forbidden(String detail, Integer index) {
        return new Problem(BASE + "forbidden", "Forbidden", 403, clip(detail), null, null, index);
    }

    /**
     * A status the HTTP layer chose (406 for an Accept nothing here can produce, 405, 404): RFC
     * 9457's {@code about:blank} type, whose title is the status's reason phrase.
     */
    public static Problem http(int status, String reason, String detail) {
        return new Problem("about:blank", reason, status, clip(detail), null, null, null);
    }

    public Problem atIndex(int i) {
        return new Problem(type, title, status, detail, attribute, field, i);
    }
}
