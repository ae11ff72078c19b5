package dev.reelrank.pipeline.evaluation;

/**
 * Metrics of one ranker over the logged test slates.
 *
 * @param logLoss          null when the ranker's scores are not probabilities
 * @param watchNdcg10      watch-time-weighted NDCG@10, mean over slates with any watch time (or positive)
 * @param slatesWithGain   slates that count in the NDCG means
 * @param gauc             per-user AUC averaged over users with both a clicked and an unclicked test item,
 *                         weighted by each user's test items ({@link Metrics#gauc}); AUC over all items mixes
 *                         users, so a ranker that only sorts users by activity can score there, not here
 * @param gaucUsers        users that count in {@code gauc}
 */
public record RankResult(int slates, int items, int positives, double auc, Double logLoss, double watchNdcg10,
                         double watchNdcg20, int slatesWithGain, double gauc, int gaucUsers) {}
