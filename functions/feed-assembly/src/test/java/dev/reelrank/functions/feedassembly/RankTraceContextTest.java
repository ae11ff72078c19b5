package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The gRPC hop to re-ranking carries the feed request's trace: a Rank call made inside a feed's span,
 * from the retrieval executor the pipeline runs on (its context is the project's to carry), arrives
 * with a W3C traceparent of the same trace whose parent is a new span (the gRPC client's), not the
 * feed's own. That re-ranking's server span is a child of it needs both functions:
 * system-tests' RankTracePropagationIT.
 */
@QuarkusTest
@QuarkusTestResource(value = TraceCapturingRanker.class, restrictToAnnotatedClass = true)
class RankTraceContextTest {
    @Inject
    GrpcRanker ranker;

    @Inject
    Tracer tracer;

    @Inject
    @Named("retrieval")
    ExecutorService retrieval;

    @Test
    void aRankCallInsideAFeedCarriesItsTraceToReRanking() throws Exception {
        Span feed = tracer.spanBuilder("feed").startSpan();
        String requestId = "trace-" + feed.getSpanContext().getSpanId();
        try (Scope ignored = feed.makeCurrent()) {
            var request = new FeedRequest(requestId, "u1", Surface.home, null, 20, RequestContext.UNKNOWN);
            retrieval.submit(() -> ranker.rank(request, UserFeatures.getDefaultInstance(), List.of())).get();
        } finally {
            feed.end();
        }
        String traceparent = TraceCapturingRanker.CALLS.stream().filter(c -> c.startsWith(requestId + " "))
                .map(c -> c.substring(requestId.length() + 1)).findFirst().orElseThrow();
        String[] parts = traceparent.split("-");
        assertEquals(4, parts.length, traceparent);
        assertEquals(feed.getSpanContext().getTraceId(), parts[1], "the feed's trace");
        assertNotEquals(feed.getSpanContext().getSpanId(), parts[2], "the gRPC client's own span, a child of the feed's");
        assertTrue(parts[2].matches("[0-9a-f]{16}") && !parts[2].equals("0000000000000000"), traceparent);
    }
}
