package dev.reelrank.functions.reranking;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.proto.v1.CandidateScores;
import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankResponse;
import dev.reelrank.proto.v1.RankingServiceGrpc;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.ranking.CandidateScorer;
import dev.reelrank.ranking.ModelScorer;
import dev.reelrank.ranking.RankingFeatures;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@code RankingService.Rank}: one batch read of the candidates' features (and of the user's,
 * unless the caller sent them),
 * then the ranking stage's {@link CandidateScorer} (stages/ranking, the same one the evaluator
 * scores in-process). Only the binding lives here: validation, the read, and mapping failures to
 * statuses. Feature-store failures answer UNAVAILABLE rather than scores computed from nothing;
 * the caller then keeps its retrieval order and says so.
 */
@GrpcService
public class RankingGrpcService extends RankingServiceGrpc.RankingServiceImplBase {
    private static final Logger LOG = Logger.getLogger(RankingGrpcService.class);

    private final FeatureStore features;
    private final ServedScorer served;
    private final RankRequestValidator validator;
    private final RankingMetrics metrics;

    RankingGrpcService(FeatureStore features, ServedScorer served, RankingSettings config, RankingMetrics metrics) {
        this.features = features;
        this.metrics = metrics;
        this.served = served;
        this.validator = new RankRequestValidator(config.maxCandidates());
    }

    @Override
    // On the worker pool, not @RunOnVirtualThread: under 4 concurrent callers a few calls on virtual
    // threads never got an answer (no thread was running them; the client hit its deadline, and its
    // RST_STREAM then broke the connection), 3 of 4 runs of RankingRolloutIT; 0 of 5 on workers.
    @Blocking
    public void rank(RankRequest request, StreamObserver<RankResponse> response) {
        long started = System.nanoTime();
        // Read once: every score of this answer and its model_version come from one model, even
        // when a rollout switches versions meanwhile.
        CandidateScorer scorer = served.current();
        String outcome = RankingMetrics.ERROR;
        try {
            outcome = rank(request, response, scorer, started);
        } finally {
            metrics.rank(scorer.modelVersion(), outcome, System.nanoTime() - started);
        }
    }

    /** @return the call's outcome for {@code reelrank.rank.requests} */
    private String rank(RankRequest request, StreamObserver<RankResponse> response, CandidateScorer scorer, long started) {
        var problem = validator.problem(request);
        if (problem.isPresent()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(problem.get()).asRuntimeException());
            return RankingMetrics.INVALID_ARGUMENT;
        }
        UserFeatures user;
        Map<String, VideoFeatures> known;
        long userRead, videoRead;
        try {
            user = request.hasUser() ? request.getUser() : features.user(request.getUserId()).orElse(UserFeatures.getDefaultInstance());
            userRead = System.nanoTime();
            var ids = new LinkedHashSet<String>();
            for (RankCandidate c : request.getCandidatesList()) ids.add(c.getVideoId());
            known = ids.isEmpty() ? Map.of() : features.videos(ids);
            videoRead = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warnf("feature store unavailable for request %s: %s", request.getRequestId(), e.toString());
            response.onError(Status.UNAVAILABLE.withDescription("feature store unavailable").withCause(e).asRuntimeException());
            return RankingMetrics.UNAVAILABLE;
        }
        var ids = new ArrayList<String>(request.getCandidatesCount());
        var videos = new ArrayList<VideoFeatures>(request.getCandidatesCount());
        for (RankCandidate c : request.getCandidatesList()) {
            ids.add(c.getVideoId());
            videos.add(known.get(c.getVideoId()));
        }
        float[] similarities = similarities(request);
        if (similarities == null && !ids.isEmpty()) warnIfSimilarityExpected(scorer);
        float[][] rows = served.score(scorer, new CandidateScorer.Request(user, ids, videos, request.getContext(),
                similarities, System.currentTimeMillis()));
        long scored = System.nanoTime();

        var out = RankResponse.newBuilder().setModelVersion(scorer.modelVersion()).addAllObjectives(scorer.objectives());
        for (int i = 0; i < rows.length; i++) {
            var scores = CandidateScores.newBuilder().setVideoId(request.getCandidates(i).getVideoId());
            for (float s : rows[i]) scores.addScores(s);
            out.addScores(scores);
        }
        if (LOG.isDebugEnabled()) {
            long done = System.nanoTime();
            // Per stage, for "where does a Rank call's time go" (REELRANK_LOG_LEVEL=DEBUG): the user
            // read, the candidates' read, rows + model, building the answer.
            LOG.debugf("rank requestId=%s user=%s candidates=%d known=%d userBytes=%d model=%s tookMs=%.2f userMs=%.3f videosMs=%.3f scoreMs=%.3f answerMs=%.3f",
                    request.getRequestId(), request.getUserId(), request.getCandidatesCount(), known.size(),
                    user.getSerializedSize(), scorer.modelVersion(), (done - started) / 1e6, (userRead - started) / 1e6,
                    (videoRead - userRead) / 1e6, (scored - videoRead) / 1e6, (done - scored) / 1e6);
        }
        response.onNext(out.build());
        response.onCompleted();
        return RankingMetrics.OK;
    }

    /** Versions already warned about, so a misconfiguration logs once per version, not per call. */
    private final Set<String> warnedWithoutSimilarity = ConcurrentHashMap.newKeySet();

    private void warnIfSimilarityExpected(CandidateScorer scorer) {
        if (scorer instanceof ModelScorer m && m.readsSimilarity() && warnedWithoutSimilarity.add(scorer.modelVersion())) {
            LOG.warnf("ranking model %s was trained with the two-tower similarity, but Rank requests carry none: every candidate "
                    + "scores as 'unknown'. Set RANKING_TWO_TOWER_SIMILARITY=true (reelrank.ranking.two-tower-similarity) on feed-assembly.",
                    scorer.modelVersion());
        }
    }

    /**
     * The candidates' two-tower similarities as feed-assembly sent them; a candidate without one is
     * {@link RankingFeatures#NO_SIMILARITY}. Null when none has one (an older caller): the rows are
     * then built exactly as before the field existed.
     */
    static float[] similarities(RankRequest request) {
        float[] out = null;
        for (int i = 0; i < request.getCandidatesCount(); i++) {
            RankCandidate c = request.getCandidates(i);
            if (!c.hasTwoTowerSimilarity()) continue;
            if (out == null) {
                out = new float[request.getCandidatesCount()];
                java.util.Arrays.fill(out, RankingFeatures.NO_SIMILARITY);
            }
            out[i] = c.getTwoTowerSimilarity();
        }
        return out;
    }
}
