package dev.reelrank.functions.eventingestion;

import dev.reelrank.eventlog.DurableProducer;
import dev.reelrank.eventlog.EventPublisher;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.model.auth.Caller;
import dev.reelrank.model.auth.EdgeAuthException;
import dev.reelrank.model.auth.EdgeAuthentication;
import dev.reelrank.model.auth.Decision;
import dev.reelrank.model.auth.EdgeAuthorization;
import dev.reelrank.proto.v1.Interaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/events}: CloudEvents in binary, structured or batch mode. Answers 202 only once
 * Kafka has acknowledged every record of the request; a request that is not acknowledged in
 * time gets 503 and is retried by the client with the same ids (consumers de-duplicate by
 * source + id), so an accepted event is never lost. Between the acknowledgement and the 202 the
 * request's {@code not_interested} are recorded for the next feed ({@link ImmediateSuppression}).
 */
@Path("/v1/events")
public class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class);

    /** The 202 body. */
    public record Accepted(int accepted, List<String> ids) {}

    private final EventIngestion ingestion;
    private final EventPublisher publisher;
    private final ImmediateSuppression suppression;
    private final IngestionSettings config;
    private final Clock clock;
    private final IngestionMetrics metrics;
    private final EdgeAuthentication authentication;
    private final EdgeAuthorization authorization;
    private final BrokerLiveness liveness;

    EventsResource(EventIngestion ingestion, EventPublisher publisher, ImmediateSuppression suppression,
                   IngestionSettings config, Clock clock, IngestionMetrics metrics, EdgeAuthentication authentication,
                   AuthSettings auth, BrokerLiveness liveness) {
        this.metrics = metrics;
        this.authentication = authentication;
        this.authorization = new EdgeAuthorization(auth.producerScope(), auth.serviceScope());
        this.liveness = liveness;
        this.ingestion = ingestion;
        this.publisher = publisher;
        this.suppression = suppression;
        this.config = config;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the mode is chosen from Content-Type by ContentMode, which answers 415 with a problem body
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    // Validation is cheap, but KafkaProducer.send may block on metadata: never on the event loop.
    @Blocking
    @Operation(summary = "Ingest CloudEvents (video.interaction, video.published)",
            description = "Accepts CloudEvents 1.0 over HTTP in binary mode (ce-* headers, JSON data as body), structured mode "
                    + "and batch mode. A batch is all-or-nothing: one invalid event rejects the request. 202 means Kafka "
                    + "acknowledged every record; on 503 retry with the same ids.")
    @Parameters({
        @Parameter(name = "ce-specversion", in = ParameterIn.HEADER, description = "Binary mode only: must be 1.0"),
        @Parameter(name = "ce-id", in = ParameterIn.HEADER, description = "Binary mode only: event id, unique per source"),
        @Parameter(name = "ce-source", in = ParameterIn.HEADER, description = "Binary mode only: URI-reference of the producer"),
        @Parameter(name = "ce-type", in = ParameterIn.HEADER, description = "Binary mode only: video.interaction or video.published"),
        @Parameter(name = "ce-time", in = ParameterIn.HEADER, description = "Binary mode only, optional: RFC 3339 time of the event")
    })
    @RequestBody(required = true, content = {
        @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
                description = "Binary mode: the event data (Interaction or VideoPublished as JSON); attributes in ce-* headers"),
                examples = @ExampleObject(name = "interaction", value = OpenApiExamples.BINARY)),
        @Content(mediaType = "application/cloudevents+json", schema = @Schema(type = SchemaType.OBJECT,
                description = "Structured mode: one CloudEvent 1.0 with specversion, id, source, type, optional time, and data"),
                examples = @ExampleObject(name = "interaction", value = OpenApiExamples.STRUCTURED)),
        @Content(mediaType = "application/cloudevents-batch+json", schema = @Schema(type = SchemaType.ARRAY,
                description = "Batch mode: an array of structured CloudEvents, all-or-nothing"),
                examples = @ExampleObject(name = "mixed", value = OpenApiExamples.BATCH))
    })
    @APIResponse(responseCode = "202", description = "Every event acknowledged by Kafka",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class),
                    examples = @ExampleObject(name = "accepted", value = OpenApiExamples.ACCEPTED)))
    @APIResponse(responseCode = "400", description = "Invalid event: names the attribute or field, and the index in a batch",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = OpenApiExamples.INVALID)))
    @APIResponse(responseCode = "401", description = "No valid bearer token (reelrank.auth.mode=jwt) or no subject from the gateway",
            headers = @Header(name = "WWW-Authenticate", description = "Bearer", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token may not post these events: the producer scope is missing, or an "
            + "event is for another user or has no user (video.published) without the service scope; a batch is refused whole",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body or batch larger than the configured limits",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too-large", value = OpenApiExamples.TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "Content-Type is none of the three modes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported", value = OpenApiExamples.UNSUPPORTED)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry after Retry-After seconds with the same ids",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unavailable", value = OpenApiExamples.UNAVAILABLE)))
    public CompletionStage<Response> ingest(@Context HttpHeaders headers, InputStream input) {
        Instant received = clock.instant();
        // Before the body is read: an anonymous client learns nothing about what would be valid.
        Optional<Caller> caller;
        try {
            caller = authentication.authenticate(headers::getHeaderString);
        } catch (EdgeAuthException e) {
            throw new RejectedEventException(Problem.unauthorized(e.getMessage()));
        }
        List<EventIngestion.TracedEvent> traced;
        try {
            byte[] body = readAtMost(input, config.limits().maxBodyBytes());
            // The current context is the request's span (OpenTelemetry's REST instrumentation continued the
            // caller's traceparent header); an event's own traceparent attribute wins over it.
            traced = ingestion.acceptTraced(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), headers.getRequestHeaders(), body,
                    received, io.opentelemetry.context.Context.current());
        } catch (RejectedEventException e) {
            metrics.rejected(e.problem());
            throw e;
        }
        List<LoggedEvent> events = traced.stream().map(EventIngestion.TracedEvent::event).toList();
        caller.ifPresent(c -> authorize(c, events));
        List<String> ids = events.stream().map(LoggedEvent::id).toList();
        // Kafka known unreachable: refuse now rather than after ack-timeout (nothing was sent, nothing is lost).
        String down = liveness.downReason();
        if (down != null) return CompletableFuture.completedFuture(unavailable(new BrokerDown(down), ids));
        long remaining = Math.max(1, config.ackTimeout().minus(Duration.between(received, clock.instant())).toMillis());
        var sends = new RequestSends<EventIngestion.TracedEvent>(t -> publisher.publish(t.event(), t.trace()), clock,
                received.plus(config.ackTimeout()));
        CompletableFuture<Throwable> acknowledged = DurableProducer.sendAll(traced, sends)
                .orTimeout(remaining, TimeUnit.MILLISECONDS)
                .handle((acked, error) -> error);
        // Kafka seen down while this request waits: 503 at once. A record that still reaches the log
        // is de-duplicated by the consumers when the client retries with the same ids.
        CompletableFuture<String> seenDown = liveness.watch();
        return acknowledged.applyToEither(seenDown.thenApply(BrokerDown::new), error -> error)
                .whenComplete((error, ignored) -> liveness.unwatch(seenDown))
                .thenCompose(error -> {
                    if (error == null) {
                        // Only after the ack: a suppression must never exist for an event Kafka does not hold.
                        metrics.accepted(events);
                        return suppression.record(events).thenApply(done -> Response.status(Response.Status.ACCEPTED)
                                .type(MediaType.APPLICATION_JSON_TYPE)
                                .entity(new Accepted(ids.size(), ids))
                                .build());
                    }
                    return CompletableFuture.completedFuture(unavailable(error, ids));
                });
    }

    /**
     * The body, if it is within the limit. A declared oversize body never gets here
     * ({@link OversizeBodyGuard}); a chunked one is read to its end and dropped before the 413, so
     * the client, still sending, gets to read the answer.
     */
    static byte[] readAtMost(InputStream input, long limit) {
        byte[] body;
        try {
            body = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw RejectedEventException.invalid("the body could not be read: " + e.getMessage());
        }
        if (body.length <= limit) return body;
        long total = body.length;
        try {
            total += input.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // Past quarkus.http.limits.max-body-size Quarkus has answered a bare 413 and closed; nothing more to count.
            LOG.debugf("stopped draining an oversize body after %d bytes: %s", total, e.getMessage());
            throw new RejectedEventException(Problem.tooLarge("body has more than " + limit + " bytes; the limit is " + limit));
        }
        throw new RejectedEventException(Problem.tooLarge("body has " + total + " bytes; the limit is " + limit));
    }

    /** All or nothing, like validation: one event the caller may not post refuses the request before anything is published. */
    private void authorize(Caller caller, List<LoggedEvent> events) {
        Decision decision = authorization.events(caller, events.stream().map(EventsResource::owner).toList());
        if (!decision.allowed()) throw new RejectedEventException(Problem.forbidden(decision.reason(), decision.index()));
    }

    static EdgeAuthorization.EventOwner owner(LoggedEvent event) {
        String userId = event.payload() instanceof Interaction i ? i.getUserId() : null;
        return new EdgeAuthorization.EventOwner(event.type().type, userId);
    }

    private Response unavailable(Throwable error, List<String> ids) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        String why = cause instanceof BrokerDown known ? known.getMessage()
                : cause instanceof TimeoutException
                ? "Kafka did not acknowledge within " + config.ackTimeout().toMillis() + " ms"
                : "Kafka did not acknowledge the records: " + cause.getMessage();
        LOG.warnf("answering 503 for %d event(s): %s", ids.size(), why);
        Problem problem = Problem.eventLogUnavailable(why + "; retry with the same event ids");
        metrics.rejected(problem);
        return ProblemResponses.of(problem)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, config.retryAfter().toSeconds()))
                .build();
    }

    /** Why a request was refused without waiting for an acknowledgement: Kafka is known to be unreachable. */
    static final class BrokerDown extends RuntimeException {
        BrokerDown(String reason) {
            super(reason, null, false, false);
        }
    }
}
