package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.CandidateScores;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankResponse;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.retrieval.TwoTowerSimilarity;
import dev.reelrank.retrieval.UserEmbeddings;
import dev.reelrank.model.Ranker;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A real gRPC hop to a ranker that, like re-ranking, refuses requests over its candidate limit. */
class GrpcRankerTest {

    @Test
    void sendsAtMostMaxCandidatesInMergeOrder() throws Exception {
        var received = new AtomicInteger();
        var receivedUser = new java.util.concurrent.atomic.AtomicReference<UserFeatures>();
        var receivedRequest = new java.util.concurrent.atomic.AtomicReference<RankRequest>();
        Server server = ServerBuilder.forPort(0).addService(new RankingServiceGrpc.RankingServiceImplBase() {
            @Override
            public void rank(RankRequest request, StreamObserver<RankResponse> answer) {
                received.set(request.getCandidatesCount());
                receivedRequest.set(request);
                receivedUser.set(request.hasUser() ? request.getUser() : null);
                if (request.getCandidatesCount() > 1000) {
                    answer.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription("at most 1000 allowed").asRuntimeException());
                    return;
                }
                var b = RankResponse.newBuilder().setModelVersion("test").addObjectives("click");
                for (int i = 0; i < request.getCandidatesCount(); i++) {
                    // Reverse the merge order, so the answer shows it was ranked.
                    b.addScores(CandidateScores.newBuilder().setVideoId(request.getCandidates(i).getVideoId()).addScores(i));
                }
                answer.onNext(b.build());
                answer.onCompleted();
            }
        }).build().start();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            // The served version's similarity: the user's stored vector of "tt-x", two videos' vectors in its index.
            var vectors = Map.of("v0", new float[]{0.6f, 0.8f}, "v1", new float[]{-1f, 0f});
            var similarity = new TwoTowerSimilarity(new UserEmbeddings("tt-x", null), ids -> {
                var found = new java.util.HashMap<String, float[]>();
                for (String id : ids) if (vectors.containsKey(id)) found.put(id, vectors.get(id));
                return found;
            });
            var ranker = new GrpcRanker(channel, settings(1000, Duration.ofSeconds(5)), r -> similarity);
            var candidates = new ArrayList<Candidate>();
            for (int i = 0; i < 1250; i++) candidates.add(Candidate.of("v" + i, "c" + (i % 7), 1.0 / (i + 1), i < 450 ? "ann" : "popular"));
            var request = new FeedRequest("r", "u", Surface.home, null, 20, RequestContext.UNKNOWN);

            var user = UserFeatures.newBuilder().setUserId("u").addWatchedVideoIds("v3")
                    .setEmbeddingVersion("tt-x").addEmbedding(1f).addEmbedding(0f).build();
            var ranking = ranker.rank(request, user, candidates);
            assertEquals(1000, received.get(), "the first 1000 in merge order");
            var sent = receivedRequest.get();
            assertEquals(0.6f, sent.getCandidates(0).getTwoTowerSimilarity(), 1e-6f, "1 x 0.6 + 0 x 0.8");
            assertEquals(-1f, sent.getCandidates(1).getTwoTowerSimilarity(), 1e-6f);
            assertFalse(sent.getCandidates(2).hasTwoTowerSimilarity(), "no vector in the index: the field is left out");
            assertEquals(user, receivedUser.get(), "the user's features travel with the request");
            assertEquals(1000, ranking.candidates().size());
            assertEquals("v999", ranking.candidates().get(0).videoId());
            assertEquals("test", ranking.modelVersion());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLateAnswerEndsTheWaitButNotTheCall() throws Exception {
        var release = new CountDownLatch(1);
        var finished = new CountDownLatch(1);
        var cancelled = new AtomicBoolean();
        var calls = new AtomicInteger();
        Server server = ServerBuilder.forPort(0).addService(new RankingServiceGrpc.RankingServiceImplBase() {
            @Override
            public void rank(RankRequest request, StreamObserver<RankResponse> answer) {
                if (calls.incrementAndGet() == 1) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    cancelled.set(Context.current().isCancelled());
                }
                answer.onNext(RankResponse.newBuilder().setModelVersion("test").addObjectives("click").build());
                answer.onCompleted();
                finished.countDown();
            }
        }).build().start();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            var ranker = new GrpcRanker(channel, settings(1000, Duration.ofMillis(50)), r -> null);
            var request = new FeedRequest("r", "u", Surface.home, null, 20, RequestContext.UNKNOWN);
            assertThrows(Ranker.Timeout.class, () -> ranker.rank(request, UserFeatures.getDefaultInstance(), List.of()));

            release.countDown();
            assertTrue(finished.await(10, TimeUnit.SECONDS));
            assertFalse(cancelled.get(), "the abandoned call was cancelled (an RST_STREAM on the shared connection)");
            // The same connection serves the next call.
            assertEquals("test", ranker.rank(request, UserFeatures.getDefaultInstance(), List.of()).modelVersion());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static RankingSettings settings(int maxCandidates, Duration timeout) {
        return new RankingSettings() {
            @Override public boolean enabled() {
                return true;
            }

            @Override public Duration timeout() {
                return timeout;
            }

            @Override public Duration abandonAfter() {
                return Duration.ofSeconds(30);
            }

            @Override public Duration reconnectInterval() {
                return Duration.ofSeconds(1);
            }

            @Override public int maxCandidates() {
                return maxCandidates;
            }

            @Override public int depthPerItem() {
                return -1;
            }

            @Override public Map<String, Double> weights() {
                return Map.of("click", 1.0);
            }

            @Override public ScoreCombiner.Mode combine() {
                return ScoreCombiner.Mode.SUM;
            }

            @Override public int retrievalWindow() {
                return ScoreCombiner.PURE_MODEL;
            }

            @Override public boolean twoTowerSimilarity() {
                return true;
            }
        };
    }
}
