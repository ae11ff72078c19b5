package dev.reelrank.functions.eventarchiver;

import dev.reelrank.eventarchive.DeliveryArchive;
import dev.reelrank.eventlog.tracing.ConsumerSpans;
import dev.reelrank.eventlog.tracing.TraceHeaders;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The HTTP binding of the archive: one CloudEvent per request, in binary mode (what a Knative
 * KafkaSource sends for the records of {@code interactions} and {@code videos}) or structured mode.
 * This is how the archiver scales to zero on Knative: the KafkaSource holds the consumer and
 * commits a record's offset once we answer 200, so 200 means "in a committed Parquet file".
 *
 * <p>Answers: 200 {@code "archived"} once the event's batch is durable, 200 {@code "duplicate"} for
 * a redelivery of an event already archived (same CloudEvent source + id as the Kafka path
 * de-duplicates by), 200 {@code "deadLettered"} once an event that can never be archived is on the
 * dead-letter topic with its reason (as embedding-refresh: a 4xx would make the sender retry and
 * then dead-letter it itself, without our reason), 503 with Retry-After while the archive or
 * Kafka cannot be written (the sender retries; the retry is de-duplicated).
 */
@Path("/")
public class DeliveryResource {
    private static final Logger LOG = Logger.getLogger(DeliveryResource.class);

    /** The answer body. */
    public record Delivered(String id, String status, String reason) {}

    private final DeliveryLane lane;
    private final DeadLetters deadLetters;
    private final ArchiverSettings.Http http;
    private final ArchiveMetrics metrics;
    private final ConsumerSpans spans;

    DeliveryResource(DeliveryLane lane, DeadLetters deadLetters, ArchiverSettings settings, ArchiveMetrics metrics, Tracer tracer) {
        this.spans = new ConsumerSpans(tracer);
        this.lane = lane;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.http = settings.http();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response deliver(@Context HttpHeaders headers, byte[] body) {
        var byName = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        headers.getRequestHeaders().forEach((k, v) -> { if (!v.isEmpty()) byName.put(k, v.getFirst()); });
        var decoded = DeliveryDecoder.decode(byName, body == null ? new byte[0] : body);
        String id = decoded.event() != null ? decoded.event().id() : byName.getOrDefault("ce-id", "");
        if (!lane.enabled()) return unavailable(id, "the archive is disabled (reelrank.archive.enabled=false)");
        // The event's own ce-traceparent (a KafkaSource copies the record's ce_traceparent), else the
        // request's span, which the REST instrumentation continued from the traceparent header.
        var span = spans.batch("delivery archive");
        span.add(TraceHeaders.extract(a -> byName.get(TraceHeaders.HTTP_PREFIX + a), io.opentelemetry.context.Context.current()));
        return span.applying(() -> archive(decoded, id));
    }

    private Response archive(DeliveryDecoder.Decoded decoded, String id) {
        try {
            String problem = decoded.event() == null ? decoded.problem() : lane.problem(decoded.event());
            if (problem != null) {
                deadLetters.send(decoded.letter(problem));
                lane.rejected();
                metrics.deadLettered();
                return Response.ok(new Delivered(id, "deadLettered", problem)).build();
            }
            var outcome = lane.submit(new DeliveryArchive.Delivery(decoded.event(), System.currentTimeMillis()))
                    .get(http.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (outcome == DeliveryArchive.Outcome.ARCHIVED) metrics.committed();
            return Response.ok(new Delivered(id, outcome == DeliveryArchive.Outcome.ARCHIVED ? "archived" : "duplicate", null)).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(id, "interrupted");
        } catch (TimeoutException e) {
            return unavailable(id, "timed out: the archive or Kafka is slow or down");
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warnf("delivery %s not archived: %s", id, cause.toString());
            return unavailable(id, cause.toString());
        }
    }

    private Response unavailable(String id, String why) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Math.max(1, http.retryAfter().toSeconds()))
                .type(MediaType.APPLICATION_JSON_TYPE).entity(new Delivered(id, "unavailable", why)).build();
    }
}
