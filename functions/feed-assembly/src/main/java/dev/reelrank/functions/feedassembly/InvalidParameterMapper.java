package dev.reelrank.functions.feedassembly;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bad input → 400 {@code application/problem+json} naming the parameter. */
public class InvalidParameterMapper {
    @ServerExceptionMapper
    public Response toProblem(InvalidParameterException e, @Context UriInfo uri) {
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(Problem.invalidParameter(e, uri.getRequestUri().getRawPath())).build();
    }
}
