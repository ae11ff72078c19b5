package dev.reelrank.functions.feedassembly;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The REST layer's own refusals (406 for an Accept without JSON, 405, 404 for a path no route
 * takes) answered with a problem body like every other 4xx, headers such as Allow kept. Always
 * problem+json whatever Accept said: an error in a format the client did not ask for beats an
 * empty one it cannot tell from a network fault.
 */
public class HttpProblems {
    @ServerExceptionMapper
    public Response toProblem(WebApplicationException e, @Context UriInfo uri) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        var problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                Problem.clip(e.getMessage()), Problem.clip(uri.getRequestUri().getRawPath()), null);
        return Response.fromResponse(original).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
