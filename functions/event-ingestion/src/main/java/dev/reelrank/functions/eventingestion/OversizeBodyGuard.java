package dev.reelrank.functions.eventingestion;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers {@code POST /v1/events} with a 413 problem when the declared Content-Length is over
 * {@code reelrank.ingestion.max-body-size}, before the REST layer sees the request.
 *
 * <p>Why it exists: Quarkus's own check ({@code quarkus.http.limits.max-body-size}) answers a bare
 * 413 and closes the connection while the client is still writing, so the client sees a reset, not
 * an answer. Here the rest of the body is read and thrown away first (nothing is buffered), so the
 * client finishes writing and then reads the problem, and the connection stays usable. Draining
 * here, on the event loop, holds no worker thread however slowly the client sends. A client
 * that asked {@code Expect: 100-continue} never sent the body: it is answered at once. Bodies over
 * the HTTP layer's hard cap are not worth reading: answered at once, and the connection closed.
 * A chunked body (no Content-Length) is bounded by {@link EventsResource} as it reads it.
 */
@Singleton
public class OversizeBodyGuard {
    // Before Quarkus's upload limit (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2), which would close first.
    static final int ROUTE_ORDER = -100;

    private final long limit;
    private final long hardLimit;
    private final IngestionMetrics metrics;

    @Inject
    OversizeBodyGuard(IngestionSettings config,
                      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> hardLimit,
                      IngestionMetrics metrics) {
        this.metrics = metrics;
        this.limit = config.limits().maxBodyBytes();
        this.hardLimit = hardLimit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.post("/v1/events").order(ROUTE_ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long length = declaredLength(request);
        if (length <= limit) {
            ctx.next();
            return;
        }
        Problem problem = Problem.tooLarge("body has " + length + " bytes (Content-Length); the limit is " + limit);
        metrics.rejected(problem);
        boolean bodyWillNotCome = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (bodyWillNotCome || length > hardLimit) {
            answer(ctx, problem, true);
            return;
        }
        request.handler(ignored -> {});
        request.exceptionHandler(e -> request.connection().close());
        request.endHandler(v -> answer(ctx, problem, false));
        request.resume();
    }

    /** -1 when absent or unreadable (Netty refuses a malformed Content-Length before we see it). */
    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) return -1;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void answer(RoutingContext ctx, Problem problem, boolean close) {
        var response = ctx.response();
        if (response.ended()) return;
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) response.putHeader(HttpHeaders.CONNECTION, "close");
        response.end(Buffer.buffer(ProblemResponses.json(problem))).onComplete(done -> {
            if (close) ctx.request().connection().close();
        });
    }
}
