package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedFilter;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The feed routes. Parameters arrive as strings so a bad one gets a problem body naming it
 * (JAX-RS would answer 404 for an unparsable {@code int} query parameter).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "feeds", description = "Personalised video lists")
// Every route's parameters are checked the same way (FeedParams): one 400 answer for all of them.
@APIResponse(responseCode = "400", description = "A parameter is invalid; invalid-params names it",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token (reelrank.auth.mode=jwt) or no subject from the gateway; "
        + "answered with WWW-Authenticate: Bearer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's subject is not the feed's user and it lacks the service scope",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class FeedResource {
    private final FeedService service;
    private final FeedParams params;
    private final FeedMetrics metrics;
    private final FeedGate gate;

    FeedResource(FeedService service, FeedSettings config, FeedMetrics metrics, FeedGate gate) {
        this.service = service;
        this.metrics = metrics;
        this.gate = gate;
        this.params = new FeedParams(config.defaultLimit(), config.maxLimit(), config.anonymousUserId(), config.maxExclude());
    }

    @GET
    @Path("/users/{userId}/feed/home")
    @RunOnVirtualThread
    @Operation(summary = "Home feed of a user",
            description = "Popular and personalised candidates, ranked, without videos the user has watched or "
                    + "refused or the request excludes, at most reelrank.feed.max-per-channel per channel, only of the "
                    + "category, language and length asked for. Each item says why it is there (reason, reasonVideoId). "
                    + "Never fails because a dependency failed: a degraded answer has fallback=true and says why in "
                    + "fallbackReason. context says which device, region and local hour the feed was served for "
                    + "and where each came from (header, profile or none).")
    @APIResponse(responseCode = "200", description = "The feed, best first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Feed.class)))
    public RestResponse<Feed> home(
            @Parameter(description = "User id (letters, digits, ._:@-; at most 128)") @PathParam("userId") String userId,
            @BeanParam FeedQuery query, @Context HttpHeaders http) {
        // Refused callers (401/403) are not feed requests: they are not timed.
        gate.check(http::getHeaderString, userId);
        return measured("home", () -> {
            var request = params.home(userId, query.limit, headers(query), query.requestId);
            return service.answer(request.withFilter(filter(query)));
        });
    }

    @GET
    @Path("/videos/{videoId}/up-next")
    @RunOnVirtualThread
    @Operation(summary = "Up Next list for the video being watched",
            description = "Like the Home feed (the same exclude, category, language and maxDurationSeconds, and a "
                    + "reason per item), without the video being watched; items of the item-to-item source say "
                    + "because_you_watched with the video being watched as reasonVideoId. userId may be omitted for a "
                    + "signed-out viewer.")
    @APIResponse(responseCode = "200", description = "The list, best first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Feed.class)))
    public RestResponse<Feed> upNext(
            @Parameter(description = "The video being watched") @PathParam("videoId") String videoId,
            @Parameter(description = "Viewer's user id; omit for a signed-out viewer") @QueryParam("userId") String userId,
            @BeanParam FeedQuery query, @Context HttpHeaders http) {
        gate.check(http::getHeaderString, userId);
        return measured("up_next", () -> {
            var request = params.upNext(videoId, userId, query.limit, headers(query), query.requestId);
            return service.answer(request.withFilter(filter(query)));
        });
    }

    /**
     * Answers and records {@code reelrank.feed.requests} (and a fallback's reason). The route is the surface:
     * each route serves one, so both tags carry the same value, kept apart for dashboards that split
     * by one or the other.
     */
    private RestResponse<Feed> measured(String route, java.util.function.Supplier<FeedService.Answer> answering) {
        long started = System.nanoTime();
        try {
            var answer = answering.get();
            metrics.request(route, route, FeedMetrics.outcomeOf(answer.feed()), answer.feed(), System.nanoTime() - started);
            return respond(answer);
        } catch (InvalidParameterException e) {
            metrics.request(route, route, FeedMetrics.CLIENT_ERROR, null, System.nanoTime() - started);
            throw e;
        } catch (RuntimeException | Error e) {
            metrics.request(route, route, FeedMetrics.ERROR, null, System.nanoTime() - started);
            throw e;
        }
    }

    private static FeedParams.Headers headers(FeedQuery query) {
        return new FeedParams.Headers(query.device, query.region, query.localTime, query.timezone);
    }

    private FeedFilter filter(FeedQuery query) {
        return params.filter(query.exclude, query.category, query.language, query.maxDurationSeconds);
    }

    /**
     * The retrieval model version of the version-bound sources (ann, up_next) travels in a header,
     * beside the body's modelVersion (the ranker's; for a feed in retrieval order the same retrieval version
     * when ann or up_next proposed candidates, else the configured name): one response never mixes versions.
     */
    static final String RETRIEVAL_VERSION_HEADER = "Reelrank-Retrieval-Version";

    private static RestResponse<Feed> respond(FeedService.Answer answer) {
        var b = RestResponse.ResponseBuilder.ok(answer.feed());
        if (answer.retrievalVersion() != null) b.header(RETRIEVAL_VERSION_HEADER, answer.retrievalVersion());
        return b.build();
    }
}
