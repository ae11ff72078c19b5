package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.ranking.StageRanker;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * {@link Ranker} backed by the re-ranking function's {@code RankingService.Rank}. Every call
 * has a deadline, and a circuit breaker stops calling a ranker that keeps failing (a bad model
 * rollout, say) so feeds do not all pay the deadline; the pipeline then keeps retrieval order.
 * The breaker's numbers can be tuned with
 * {@code quarkus.fault-tolerance."dev.reelrank.functions.feedassembly.GrpcRanker/rank".circuit-breaker.*}.
 */
@ApplicationScoped
public class GrpcRanker implements Ranker {
    private final RankingServiceGrpc.RankingServiceBlockingStub stub;
    private final long timeoutMillis;
    private final ScoreCombiner combiner;
    private final int maxCandidates;

    GrpcRanker(@GrpcClient("ranking") RankingServiceGrpc.RankingServiceBlockingStub stub, RankingSettings settings) {
        this.stub = stub;
        this.timeoutMillis = settings.timeout().toMillis();
        this.maxCandidates = settings.maxCandidates();
        this.combiner = settings.combiner();
    }

    @Override
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2)
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        // re-ranking refuses more than its max-candidates: rank the first ones in merge order (the
        // sources made for the surface lead, the popular filler comes last) rather than none.
        List<Candidate> ranked = candidates.size() > maxCandidates ? candidates.subList(0, maxCandidates) : candidates;
        var response = stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS).rank(toRankRequest(request, ranked));
        return combiner.combine(ranked, response);
    }

    static RankRequest toRankRequest(FeedRequest request, List<Candidate> candidates) {
        var b = RankRequest.newBuilder().setRequestId(request.requestId()).setUserId(request.userId())
                .setContext(StageRanker.rankContext(request));
        for (Candidate c : candidates) {
            b.addCandidates(RankCandidate.newBuilder().setVideoId(c.videoId()).addAllSources(c.sources())
                    .setRetrievalScore((float) c.score()));
        }
        return b.build();
    }
}
