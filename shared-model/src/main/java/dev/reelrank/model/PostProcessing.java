package dev.reelrank.model;

import java.util.List;

/**
 * The feed's post-processing steps and their tunables, in the one order feed-assembly serves and
 * the offline evaluator scores:
 * <ol>
 *   <li>{@link SeenFilter}: what the user watched or refused, and an Up Next seed, go;</li>
 *   <li>{@link FatigueFilter}: videos shown repeatedly without a play rest ({@link ImpressionFatigue});</li>
 *   <li>{@link MaximalMarginalRelevance}: the head re-ordered away from near-duplicates and runs of one channel;</li>
 *   <li>{@link ChannelDiversityCap}: at most {@code maxPerChannel} of a channel, the rest pushed down;</li>
 *   <li>{@link ThompsonExploration}: a share of the page to fresh and under-exposed videos.</li>
 * </ol>
 * MMR places at most {@code maxPerChannel} of a channel itself, so the cap after it (which still
 * bounds the whole list) does not open gaps in the spread page; exploration comes last so it sees
 * the page as it would be served.
 *
 * @param maxPerChannel         videos of one channel on a page before the rest are pushed behind the others
 * @param mmrLambda             MMR's weight of relevance against embedding similarity; 1 = embeddings play no part
 * @param mmrWindowFactor       MMR considers the first limit × this candidates
 * @param channelSpreadPenalty  MMR's penalty (in λ·relevance units) for the channel of one of the last {@code channelSpreadGap} placed; 0 = off
 * @param channelSpreadGap      how many of the last placed items a channel must be absent from to escape the penalty
 * @param exploreShare          share of the page given to exploration; 0 = off
 * @param exploreMaxImpressions a video with fewer impressions (or from the fresh source) may be explored
 * @param explorePool           candidates just below the page that exploration considers
 * @param fatigue               when a video shown without a play is rested (its impressions and window)
 */
public record PostProcessing(int maxPerChannel, double mmrLambda, int mmrWindowFactor, double channelSpreadPenalty,
                             int channelSpreadGap, double exploreShare, long exploreMaxImpressions, int explorePool,
                             ImpressionFatigue fatigue) {
    /**
     * λ 0.7, the evaluator's choice (EVALUATION.md, "Post-processing"): on the generated world's
     * served feeds (the learned ranker) the most diverse setting whose NDCG@20 stays within 5 % of
     * MMR off (−2.6 %; distinct channels in the top 20 +14 %, category ILD +16 %); 0.6 lost 8 %. A
     * near-duplicate (cosine ≈ 1) of a video on the page yields to a video up to 0.43 below it in
     * window-normalised relevance ((1 − λ)/λ). A channel penalty of 1 with a gap of 1 makes the spread a rule: λ·relevance
     * and the similarity term together span at most 1, so a channel follows itself only when every
     * other video in the window is as penalised (the channel cap then bounds how far down that
     * reaches). Exploration's 10 % is two places on a page of 20; 100 impressions leave a click
     * posterior wide enough to learn from; the 100 candidates below the page bound the counters
     * read per feed.
     */
    public static final PostProcessing DEFAULTS = new PostProcessing(3, 0.7, 3, 1.0, 1, 0.1, 100, 100, ImpressionFatigue.DEFAULTS);

    /** With the default impression fatigue. */
    public PostProcessing(int maxPerChannel, double mmrLambda, int mmrWindowFactor, double channelSpreadPenalty,
                          int channelSpreadGap, double exploreShare, long exploreMaxImpressions, int explorePool) {
        this(maxPerChannel, mmrLambda, mmrWindowFactor, channelSpreadPenalty, channelSpreadGap, exploreShare,
                exploreMaxImpressions, explorePool, ImpressionFatigue.DEFAULTS);
    }

    public PostProcessing {
        java.util.Objects.requireNonNull(fatigue, "fatigue");
        new ChannelDiversityCap(maxPerChannel); // validates each group of parameters where it is used
        mmrParams(mmrLambda, mmrWindowFactor, channelSpreadPenalty, channelSpreadGap, maxPerChannel);
        new ThompsonExploration.Params(exploreShare, exploreMaxImpressions, explorePool, maxPerChannel);
    }

    private static MaximalMarginalRelevance.Params mmrParams(double lambda, int windowFactor, double penalty, int gap, int maxPerChannel) {
        return new MaximalMarginalRelevance.Params(lambda, windowFactor, penalty, gap, maxPerChannel);
    }

    /** MMR knows the cap so that the cap, after it, never takes a video out of the spread page. */
    public MaximalMarginalRelevance.Params mmr() {
        return mmrParams(mmrLambda, mmrWindowFactor, channelSpreadPenalty, channelSpreadGap, maxPerChannel);
    }

    public ThompsonExploration.Params explore() {
        return new ThompsonExploration.Params(exploreShare, exploreMaxImpressions, explorePool, maxPerChannel);
    }

    public PostProcessing withMmrLambda(double lambda) {
        return new PostProcessing(maxPerChannel, lambda, mmrWindowFactor, channelSpreadPenalty, channelSpreadGap, exploreShare,
                exploreMaxImpressions, explorePool, fatigue);
    }

    public PostProcessing withExploreShare(double share) {
        return new PostProcessing(maxPerChannel, mmrLambda, mmrWindowFactor, channelSpreadPenalty, channelSpreadGap, share,
                exploreMaxImpressions, explorePool, fatigue);
    }

    public PostProcessing withMaxPerChannel(int max) {
        return new PostProcessing(max, mmrLambda, mmrWindowFactor, channelSpreadPenalty, channelSpreadGap, exploreShare,
                exploreMaxImpressions, explorePool, fatigue);
    }

    public PostProcessing withFatigue(ImpressionFatigue fatigue) {
        return new PostProcessing(maxPerChannel, mmrLambda, mmrWindowFactor, channelSpreadPenalty, channelSpreadGap, exploreShare,
                exploreMaxImpressions, explorePool, fatigue);
    }

    /** The steps in order, fatigue judged on the wall clock. */
    public List<PostProcessor> steps(MaximalMarginalRelevance.Embeddings embeddings, FeatureStore counters) {
        return steps(embeddings, counters, java.time.Clock.systemUTC());
    }

    /**
     * The steps in order.
     *
     * @param embeddings the served retrieval version's video vectors (for MMR)
     * @param counters   the videos' counters (for exploration)
     * @param clock      the "now" a rest is judged at (a replay passes its own)
     */
    public List<PostProcessor> steps(MaximalMarginalRelevance.Embeddings embeddings, FeatureStore counters, java.time.Clock clock) {
        return List.of(new SeenFilter(), new FatigueFilter(fatigue, clock), new MaximalMarginalRelevance(mmr(), embeddings),
                new ChannelDiversityCap(maxPerChannel), new ThompsonExploration(explore(), counters));
    }
}
