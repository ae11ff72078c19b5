package dev.reelrank.functions.feedassembly;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The parameters every feed route takes: how many items, and what the gateway injects. Strings, see {@link FeedResource}. */
public class FeedQuery {
    @Parameter(description = "Items wanted (1 to reelrank.feed.max-limit, default reelrank.feed.default-limit)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    @QueryParam("limit")
    String limit;

    @Parameter(in = ParameterIn.HEADER, description = "Device class injected by the gateway")
    @HeaderParam("X-Device")
    String device;

    @Parameter(in = ParameterIn.HEADER, description = "ISO 3166-1 alpha-2 region injected by the gateway")
    @HeaderParam("X-Region")
    String region;

    @Parameter(in = ParameterIn.HEADER, description = "Correlation id; generated when absent")
    @HeaderParam("X-Request-Id")
    String requestId;
}
