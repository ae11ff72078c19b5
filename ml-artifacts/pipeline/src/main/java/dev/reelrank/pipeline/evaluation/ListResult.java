package dev.reelrank.pipeline.evaluation;

import java.util.Map;

/**
 * Metrics of one list stage, means over the scored users.
 *
 * @param distinctChannels20   mean number of distinct channels in the top 20 (null: channels unknown in this data)
 * @param distinctCategories20 mean number of distinct categories in the top 20 (null: categories unknown)
 * @param categoryDiversity20  intra-list diversity of categories in the top 20 (share of pairs that differ)
 */
public record ListResult(int users, Map<Integer, AtK> atK, Double distinctChannels20, Double distinctCategories20,
                         Double categoryDiversity20) {
    /** @param oracleRatio achieved true affinity / best achievable (generated world only, else null) */
    public record AtK(double recall, double ndcg, double mrr, double hitRate, double coverage, double novelty, Double oracleRatio) {}
}
