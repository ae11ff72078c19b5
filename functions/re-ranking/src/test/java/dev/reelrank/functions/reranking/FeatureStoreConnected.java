package dev.reelrank.functions.reranking;

import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.UserFeatures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The feature store connects to Cassandra in the background after start-up, and until it has, a
 * Rank call is UNAVAILABLE ("feature store unavailable"), as it should be. An IT about something
 * else waits for that first, by asking until a call is answered (a condition, not a sleep).
 */
final class FeatureStoreConnected {
    private FeatureStoreConnected() {}

    static void await(RankingServiceGrpc.RankingServiceBlockingStub ranking, Duration atMost) {
        var probe = RankRequest.newBuilder().setRequestId("connected-probe").setUserId("connected-probe")
                .setUser(UserFeatures.newBuilder().setUserId("connected-probe"))
                .addCandidates(RankCandidate.newBuilder().setVideoId("connected-probe-v").addSources("popular")).build();
        Instant until = Instant.now().plus(atMost);
        while (true) {
            try {
                ranking.withDeadlineAfter(10, TimeUnit.SECONDS).rank(probe);
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || Instant.now().isAfter(until)) throw e;
                Thread.onSpinWait();
            }
        }
    }
}
