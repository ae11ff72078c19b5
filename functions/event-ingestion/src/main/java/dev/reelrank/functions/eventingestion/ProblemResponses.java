package dev.reelrank.functions.eventingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders problems as application/problem+json and maps rejections to them. */
public class ProblemResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    // Serialized here rather than by the REST layer's writer, which is not registered for problem+json.
    static Response.ResponseBuilder of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(json(problem));
    }

    static byte[] json(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ServerExceptionMapper
    public Response rejected(RejectedEventException e) {
        var response = of(e.problem());
        // RFC 6750: a 401 names the scheme the client should authenticate with.
        if (e.problem().status() == 401) response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return response.build();
    }

    /**
     * The REST layer's own refusals (an Accept that excludes JSON: 406; another method: 405) get a
     * problem body too, so every 4xx a client sees is one format. Headers such as Allow are kept.
     */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        Problem problem = Problem.http(status.getStatusCode(), status.getReasonPhrase(), e.getMessage());
        // Always problem+json, whatever the request's Accept said: an error in a format the client
        // did not ask for beats an empty one it cannot tell from a network fault.
        return Response.fromResponse(original).type(Problem.MEDIA_TYPE).entity(json(problem)).build();
    }
}
