package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.delivery.DeliveryBatcher;
import dev.reelrank.eventlog.tracing.ConsumerSpans;
import dev.reelrank.eventlog.tracing.TraceHeaders;
import io.opentelemetry.api.trace.Tracer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The HTTP binding of {@link EventHandler}: one CloudEvent per request, in binary mode (what a
 * Knative KafkaSource sends for the records of {@code interactions} and {@code videos}, which are
 * CloudEvents in Kafka's binary mode) or structured mode. This is how the function scales to zero
 * on Knative: the KafkaSource holds the consumer, the function only answers requests.
 *
 * <p>Answers: 200 once the event is applied (or was already: a redelivery), 200 with
 * {@code "deadLettered"} once it went to the dead-letter topic with its reason (retrying would not
 * help, so the sender must not), 503 with Retry-After while a store or Kafka is down (the sender
 * retries; redeliveries are de-duplicated). Interactions are gathered into batches
 * ({@code reelrank.refresh.http.*}) and folded exactly as a Kafka poll batch is.
 */
@Path("/")
public class DeliveryResource {
    private static final Logger LOG = Logger.getLogger(DeliveryResource.class);

    /** The answer body. */
    public record Delivered(String id, String status, String reason) {}

    private final EventHandler handler;
    /** Each delivery's result, once its batch is durable: the reason it was dead-lettered, or empty once applied. */
    private final DeliveryBatcher<EventHandler.Received, CompletableFuture<Optional<String>>> batcher;
    private final RefreshSettings.Http http;
    private final ConsumerSpans spans;

    DeliveryResource(EventHandler handler, RefreshSettings settings, Tracer tracer) {
        this.handler = handler;
        this.spans = new ConsumerSpans(tracer);
        this.http = settings.http();
        // The batcher hands batches over one at a time, in order; each returns once folded, so the
        // next batch is folded while this one's writes are in flight, as with the Kafka binding.
        this.batcher = new DeliveryBatcher<>(batch -> {
            CompletableFuture<Map<EventHandler.Received, String>> durable = handler.submit(batch);
            return batch.stream().map(r -> durable.thenApply(dead -> Optional.ofNullable(dead.get(r)))).toList();
        }, http.maxBatch(), http.batchWindow());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Apply one CloudEvent (video.interaction or video.published) delivered over HTTP, e.g. by a Knative KafkaSource")
    public Response deliver(@Context HttpHeaders headers, byte[] body) {
        var byName = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        headers.getRequestHeaders().forEach((k, v) -> { if (!v.isEmpty()) byName.put(k, v.getFirst()); });
        EventHandler.Received received = received(byName, body == null ? new byte[0] : body);
        String id = received.event() != null ? received.event().id() : byName.getOrDefault("ce-id", "");
        // The event's own ce-traceparent (a KafkaSource copies the record's ce_traceparent), else the
        // request's span, which the REST instrumentation continued from the traceparent header.
        var span = spans.batch("delivery process");
        span.add(TraceHeaders.extract(a -> byName.get(TraceHeaders.HTTP_PREFIX + a), io.opentelemetry.context.Context.current()));
        return span.applying(() -> apply(received, id));
    }

    private Response apply(EventHandler.Received received, String id) {
        try {
            Optional<String> dead = received.event() != null && received.event().type() == EventTypes.VIDEO_PUBLISHED
                    ? handler.video(received)
                    : batcher.submit(received).thenCompose(durable -> durable).get(http.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return Response.ok(dead.map(why -> new Delivered(id, "deadLettered", why)).orElse(new Delivered(id, "applied", null))).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(id, "interrupted");
        } catch (TimeoutException e) {
            return unavailable(id, "not applied within " + http.timeout().toMillis() + " ms (a store is slow or down)");
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warnf("delivery %s not applied: %s", id, cause.toString());
            return unavailable(id, cause.getMessage());
        }
    }

    private Response unavailable(String id, String why) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Math.max(1, http.retryAfter().toSeconds()))
                .type(MediaType.APPLICATION_JSON_TYPE).entity(new Delivered(id, "unavailable", why)).build();
    }

    /** The event, or why it is not one of ours; a dead letter keeps the request as it came (headers in Kafka's ce_ form). */
    static EventHandler.Received received(Map<String, String> headers, byte[] body) {
        var kafkaHeaders = new ArrayList<Header>();
        headers.forEach((k, v) -> {
            String name = k.toLowerCase(java.util.Locale.ROOT);
            if (name.startsWith("ce-")) kafkaHeaders.add(new RecordHeader("ce_" + name.substring(3), v.getBytes(StandardCharsets.UTF_8)));
            else if (name.equals("content-type")) kafkaHeaders.add(new RecordHeader("content-type", v.getBytes(StandardCharsets.UTF_8)));
        });
        Header[] asReceived = kafkaHeaders.toArray(Header[]::new);
        try {
            CloudEvent event = HttpMessageFactory.createReader(headers, body).toEvent();
            LoggedEvent logged = LoggedEvent.fromCloudEvent(event);
            String key = logged.key();
            return EventHandler.Received.of(logged, why -> new DeadLetters.Letter(key, body, asReceived, "http", -1, -1, why));
        } catch (RuntimeException e) {
            return EventHandler.Received.undecodable("not a Reelrank CloudEvent: " + e.getMessage(),
                    why -> new DeadLetters.Letter(null, body, asReceived, "http", -1, -1, why));
        }
    }

    @PreDestroy
    void close() {
        batcher.close();
    }
}
