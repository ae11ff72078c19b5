package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.auth.EdgeAuthException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401/403 → {@code application/problem+json}; a 401 names the scheme to use (RFC 6750). */
public class EdgeAuthMapper {
    @ServerExceptionMapper
    public Response toProblem(EdgeAuthException e, @Context UriInfo uri) {
        var response = Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.auth(e.status(), e.getMessage(), uri.getRequestUri().getRawPath()));
        if (e.status() == 401) response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return response.build();
    }
}
