package dev.reelrank.functions.feedassembly;

import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankResponse;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in re-ranking for tests without the stack: answers every Rank call with no scores and
 * keeps the {@code traceparent} metadata each call arrived with, keyed by its request id.
 */
public class TraceCapturingRanker implements QuarkusTestResourceLifecycleManager {
    static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    /** "requestId traceparent" per call, in arrival order ("-" for no traceparent). */
    static final Queue<String> CALLS = new ConcurrentLinkedQueue<>();
    private static final io.grpc.Context.Key<String> SEEN = io.grpc.Context.key("traceparent");

    private Server server;

    @Override
    public Map<String, String> start() {
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                String traceparent = headers.get(TRACEPARENT);
                var context = io.grpc.Context.current().withValue(SEEN, traceparent == null ? "-" : traceparent);
                return io.grpc.Contexts.interceptCall(context, call, headers, next);
            }
        };
        var service = new RankingServiceGrpc.RankingServiceImplBase() {
            @Override
            public void rank(RankRequest request, StreamObserver<RankResponse> answer) {
                CALLS.add(request.getRequestId() + " " + SEEN.get());
                answer.onNext(RankResponse.newBuilder().setModelVersion("trace-test").addObjectives("click").build());
                answer.onCompleted();
            }
        };
        try {
            server = ServerBuilder.forPort(0).addService(ServerInterceptors.intercept(service, capture)).build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // In test mode Quarkus dials a client's test-port (default 9001), not its port.
        return Map.of("quarkus.grpc.clients.ranking.host", "127.0.0.1",
                "quarkus.grpc.clients.ranking.port", String.valueOf(server.getPort()),
                "quarkus.grpc.clients.ranking.test-port", String.valueOf(server.getPort()),
                // The first call also connects the channel: on a loaded build box that is no 80 ms affair.
                "reelrank.ranking.timeout", "30s");
    }

    @Override
    public void stop() {
        try {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
