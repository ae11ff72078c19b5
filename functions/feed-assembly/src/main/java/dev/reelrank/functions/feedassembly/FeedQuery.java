package dev.reelrank.functions.feedassembly;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The parameters every feed route takes: how many items, what to leave out, and what the gateway
 * injects. Strings, see {@link FeedResource}.
 */
public class FeedQuery {
    @Parameter(description = "Items wanted (1 to reelrank.feed.max-limit, default reelrank.feed.default-limit)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    @QueryParam("limit")
    String limit;

    @Parameter(description = "Video ids never to serve in this response (those the client already shows), comma-separated; "
            + "the parameter may be repeated. Each id as userId; at most reelrank.feed.max-exclude (500) in all. Holds on "
            + "every path, fallbacks included.",
            explode = Explode.FALSE, schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @QueryParam("exclude")
    List<String> exclude;

    @Parameter(description = "Serve only videos of this category (exact match, at most 64 characters). A video whose "
            + "category is unknown is not served.")
    @QueryParam("category")
    String category;

    @Parameter(description = "Serve only videos in this language (exact match, as published, e.g. en; at most 64 "
            + "characters). A video whose language is unknown is not served.")
    @QueryParam("language")
    String language;

    @Parameter(description = "Serve only videos at most this long (seconds, 1 to 86400). A video of unknown length is "
            + "not served.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "86400"))
    @QueryParam("maxDurationSeconds")
    String maxDurationSeconds;

    @Parameter(in = ParameterIn.HEADER, description = "Device class injected by the gateway")
    @HeaderParam("X-Device")
    String device;

    @Parameter(in = ParameterIn.HEADER, description = "ISO 3166-1 alpha-2 region injected by the gateway; "
            + "absent: the user's home region (the response's context.regionSource says which)")
    @HeaderParam("X-Region")
    String region;

    @Parameter(in = ParameterIn.HEADER, description = "The user's local time, an ISO-8601 date-time with offset "
            + "(2026-12-06T19:30:00+01:00), passed on by the gateway from the device; its hour is a ranking feature. "
            + "Wins over X-Timezone")
    @HeaderParam(LocalTimeHeaders.LOCAL_TIME)
    String localTime;

    @Parameter(in = ParameterIn.HEADER, description = "The user's IANA time zone (Europe/Berlin), as a gateway or CDN "
            + "derives it from the client's address; the local time is then the server's clock in that zone")
    @HeaderParam(LocalTimeHeaders.TIMEZONE)
    String timezone;

    @Parameter(in = ParameterIn.HEADER, description = "Correlation id; generated when absent")
    @HeaderParam("X-Request-Id")
    String requestId;
}
