package dev.reelrank.functions.eventingestion;

import java.util.Locale;

/** The three CloudEvents HTTP content modes, told apart by the request's Content-Type. */
public enum ContentMode {
    /** Attributes in ce-* headers, the body is the event data. */
    BINARY("application/json"),
    /** One JSON object holding attributes and data. */
    STRUCTURED("application/cloudevents+json"),
    /** A JSON array of structured events. */
    BATCH("application/cloudevents-batch+json");

    public final String mediaType;

    ContentMode(String mediaType) {
        this.mediaType = mediaType;
    }

    /** @throws RejectedEventException (415) for any other media type */
    public static ContentMode of(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new RejectedEventException(Problem.unsupportedMediaType(
                    "Content-Type is missing; use application/json with ce-* headers, application/cloudevents+json or application/cloudevents-batch+json"));
        }
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (ContentMode m : values()) if (m.mediaType.equals(bare)) return m;
        throw new RejectedEventException(Problem.unsupportedMediaType("Content-Type " + bare
                + " is not accepted; use application/json with ce-* headers, application/cloudevents+json or application/cloudevents-batch+json"));
    }
}
