package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankResponse;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.ranking.StageRanker;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.jboss.logging.Logger;

/**
 * {@link Ranker} backed by the re-ranking function's {@code RankingService.Rank}. A feed waits
 * {@code reelrank.ranking.timeout} for the answer and then keeps retrieval order, but it does not
 * cancel the call: a cancel is an HTTP/2 RST_STREAM, and against re-ranking's HTTP/2 server (one
 * port, as Knative wants) bursts of them closed the whole connection for every call on it (a late
 * answer to a reset stream: GOAWAY PROTOCOL_ERROR "Request stream N is not correct for server
 * connection", quarkusio/quarkus#56268; many resets: GOAWAY ENHANCE_YOUR_CALM "Maximum number of RST
 * frames reached"). The abandoned call finishes on its own and its answer is dropped; only a call
 * still running at {@code reelrank.ranking.abandon-after} is cancelled. A circuit breaker stops
 * calling a ranker that keeps failing or timing out (a bad model rollout, say), so feeds do not
 * all pay the wait.
 * The breaker's numbers can be tuned with
 * {@code quarkus.fault-tolerance."dev.reelrank.functions.feedassembly.GrpcRanker/rank".circuit-breaker.*}.
 */
@ApplicationScoped
public class GrpcRanker implements Ranker {
    /** The breaker's name, by which its state is read for {@code reelrank.breaker.state} (RankingBreakerGauge). */
    static final String BREAKER = "ranking";
    private static final Logger LOG = Logger.getLogger(GrpcRanker.class);
    private final RankingServiceGrpc.RankingServiceFutureStub stub;
    private final long timeoutMillis;
    private final long abandonAfterMillis;
    private final ScoreCombiner combiner;
    private final int maxCandidates;
    private final Function<FeedRequest, CandidateSimilarity> similarity;

    @Inject
    GrpcRanker(@GrpcClient("ranking") Channel channel, RankingSettings settings, RetrievalIndex retrieval) {
        this(channel, settings, settings.twoTowerSimilarity()
                ? request -> retrieval.served().of(request).map(ServedVersion::similarity).orElse(null)
                : request -> null);
    }

    /** @param similarity the two-tower similarity of a request's pinned retrieval version; null for none */
    GrpcRanker(Channel channel, RankingSettings settings, Function<FeedRequest, CandidateSimilarity> similarity) {
        this.similarity = similarity;
        this.stub = RankingServiceGrpc.newFutureStub(channel);
        this.timeoutMillis = settings.timeout().toMillis();
        this.abandonAfterMillis = Math.max(timeoutMillis, settings.abandonAfter().toMillis());
        this.maxCandidates = settings.maxCandidates();
        this.combiner = settings.combiner();
    }

    @Override
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        // The served pipeline calls the four-argument rank on the bean, where the breaker is.
        return rank(request, user, candidates, combiner);
    }

    /**
     * One breaker for every experiment bucket: they call the same re-ranking, whose failures are not a
     * bucket's. {@code combiner} is the bucket's.
     *
     * <p>It probes again after 2 s. Under load a burst of timeouts lasting well under a second (a
     * dependency coming back, a GC) opens it, and every second it then stays open is a second of
     * retrieval-order feeds: with 5 s, recovery after a Redis restart took 17–22 s of such cycles
     * (RELIABILITY.md). A probe of a re-ranking that is still down costs one failed call per 2 s.
     */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2)
    @CircuitBreakerName(BREAKER)
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates, ScoreCombiner combiner) {
        return rankUnguarded(request, user, candidates, combiner);
    }

    /**
     * The call without the circuit breaker, for the start-up warm-up ({@link FeedWarmup}): failures
     * of a re-ranking still starting must not open the breaker the first real feeds then meet.
     */
    public Ranking rankUnguarded(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        return rankUnguarded(request, user, candidates, combiner);
    }

    public Ranking rankUnguarded(FeedRequest request, UserFeatures user, List<Candidate> candidates, ScoreCombiner combiner) {
        // re-ranking refuses more than its max-candidates: rank the first ones in merge order (the
        // sources made for the surface lead, the popular filler comes last) rather than none.
        List<Candidate> ranked = candidates.size() > maxCandidates ? candidates.subList(0, maxCandidates) : candidates;
        var call = stub.withDeadlineAfter(abandonAfterMillis, TimeUnit.MILLISECONDS)
                .rank(toRankRequest(request, user, ranked, similarities(similarity.apply(request), request, user, ranked)));
        RankResponse response;
        try {
            response = call.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not call.cancel(): see the class comment.
            throw new Ranker.Timeout("no ranking within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ranking", e);
        }
        return combiner.combine(ranked, response);
    }

    /**
     * The user's features travel with the request: re-ranking then scores the view retrieval used
     * (recent "not interested" merged in) and skips its own store read. An unknown user, or one whose
     * read failed here, is sent as the empty message the feed was retrieved for, not left for
     * re-ranking to look up again (an unknown user would cost it a Redis and a Cassandra miss).
     */
    static RankRequest toRankRequest(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        return toRankRequest(request, user, candidates, null);
    }

    /**
     * @param similarities each candidate's two-tower similarity ({@link CandidateSimilarity#MISSING}: the
     *                     field is left out), or null for none
     */
    static RankRequest toRankRequest(FeedRequest request, UserFeatures user, List<Candidate> candidates, float[] similarities) {
        var b = RankRequest.newBuilder().setRequestId(request.requestId()).setUserId(request.userId())
                .setContext(StageRanker.rankContext(request));
        if (user != null) b.setUser(user);
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            var rc = RankCandidate.newBuilder().setVideoId(c.videoId()).addAllSources(c.sources()).setRetrievalScore((float) c.score());
            if (similarities != null && Float.isFinite(similarities[i])) rc.setTwoTowerSimilarity(similarities[i]);
            b.addCandidates(rc);
        }
        return b.build();
    }

    /**
     * Computed here, once per feed, not in re-ranking: the video vectors live in this replica's index of
     * the pinned version (re-ranking holds none, and the stored VideoFeatures carry no vector), and the
     * user vector is the one ANN just searched with. The index read must not cost the feed its ranking:
     * a failure sends no similarities (the model then sees every candidate as "unknown").
     */
    static float[] similarities(CandidateSimilarity similarity, FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        if (similarity == null || candidates.isEmpty()) return null;
        var ids = new ArrayList<String>(candidates.size());
        for (Candidate c : candidates) ids.add(c.videoId());
        try {
            return similarity.of(user == null ? UserFeatures.getDefaultInstance() : user, request.context(), ids);
        } catch (RuntimeException e) {
            LOG.debugf("no two-tower similarities for request %s: %s", request.requestId(), e);
            return null;
        }
    }
}
