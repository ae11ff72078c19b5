package dev.reelrank.ranking;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.model.ranking.RankingModel;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The ranking stage in-process: one batch read of the candidates' features, the
 * {@link CandidateScorer}, then the {@link ScoreCombiner}. The evaluator scores exactly this; the
 * re-ranking function serves the same scorer over gRPC and feed-assembly combines its answer with
 * the same combiner, so the two paths differ only by the network between them. The two-tower
 * similarity feature comes from a {@link CandidateSimilarity} here (the evaluator's retrieval
 * version) and from feed-assembly's served version there: the same implementation either way.
 */
public final class StageRanker implements Ranker {
    private final FeatureStore features;
    private final CandidateScorer scorer;
    private final ScoreCombiner combiner;
    private final LongSupplier clock;
    private final CandidateSimilarity similarity;

    /**
     * @param clock the time features are read at: the wall clock when serving, the split time offline
     */
    public StageRanker(FeatureStore features, CandidateScorer scorer, ScoreCombiner combiner, LongSupplier clock) {
        this(features, scorer, combiner, clock, null);
    }

    /** @param similarity the two-tower similarity of each request's candidates, or null for none (the feature stays empty) */
    public StageRanker(FeatureStore features, CandidateScorer scorer, ScoreCombiner combiner, LongSupplier clock,
                       CandidateSimilarity similarity) {
        this.features = features;
        this.scorer = scorer;
        this.combiner = combiner;
        this.clock = clock;
        this.similarity = similarity;
    }

    /** The heuristic, combined as a weighted sum of its objectives in model order, read at the wall clock. */
    public static StageRanker heuristic(FeatureStore features, HeuristicScorer.Params params) {
        var scorer = new HeuristicScorer(params);
        return new StageRanker(features, scorer, ScoreCombiner.defaultFor(scorer.objectives()), System::currentTimeMillis);
    }

    /** A learned model through {@link ModelScorer}, combined as its objectives call for ({@link ScoreCombiner#defaultFor}). */
    public static StageRanker model(FeatureStore features, RankingModel model, LongSupplier clock) {
        return model(features, model, clock, null);
    }

    /** {@link #model(FeatureStore, RankingModel, LongSupplier)} with the candidates' two-tower similarity (null: none). */
    public static StageRanker model(FeatureStore features, RankingModel model, LongSupplier clock, CandidateSimilarity similarity) {
        var scorer = new ModelScorer(model);
        return new StageRanker(features, scorer, ScoreCombiner.defaultFor(scorer.objectives()), clock, similarity);
    }

    public CandidateScorer scorer() {
        return scorer;
    }

    @Override
    public Ranking rank(FeedRequest request, UserFeatures user, List<Candidate> candidates) {
        var ids = new ArrayList<String>(candidates.size());
        for (Candidate c : candidates) ids.add(c.videoId());
        Map<String, VideoFeatures> known = ids.isEmpty() ? Map.of() : features.videos(new LinkedHashSet<>(ids));
        var videos = new ArrayList<VideoFeatures>(ids.size());
        for (String id : ids) videos.add(known.get(id));
        UserFeatures u = user == null ? UserFeatures.getDefaultInstance() : user;
        // The user's vector as ANN found it: the same user features and request context.
        float[] similarities = similarity == null || ids.isEmpty() ? null : similarity.of(u, request.context(), ids);
        float[][] rows = scorer.score(new CandidateScorer.Request(u, ids, videos, rankContext(request), similarities, clock.getAsLong()));
        return combiner.combine(candidates, scorer.modelVersion(), scorer.objectives(), rows);
    }

    /** The RPC's context of a feed request: what feed-assembly sends re-ranking, and what the in-process path scores with. */
    public static RankContext rankContext(FeedRequest request) {
        var ctx = RankContext.newBuilder().setSurface(request.surface());
        var rc = request.context();
        if (rc.device() != null) ctx.setDevice(rc.device());
        if (rc.region() != null) ctx.setRegion(rc.region());
        if (rc.localTime() != null) {
            ctx.setLocalTime(Timestamp.newBuilder().setSeconds(rc.localTime().getEpochSecond()).setNanos(rc.localTime().getNano()));
        }
        if (request.seedVideoId() != null) ctx.setSeedVideoId(request.seedVideoId());
        return ctx.build();
    }
}
