package dev.reelrank.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every metric against an example worked out by hand (the arithmetic is in the comments). */
class MetricsTest {
    private static final double E = 1e-9;
    // Ranks 1..5; relevant items at ranks 2 and 4; the user has 3 relevant items in all.
    private static final boolean[] HITS = {false, true, false, true, false};

    @Test
    void recallCountsHitsInTheTopKOverAllRelevant() {
        assertEquals(0.0, Metrics.recall(HITS, 3, 1), E);
        assertEquals(1.0 / 3, Metrics.recall(HITS, 3, 2), E);
        assertEquals(2.0 / 3, Metrics.recall(HITS, 3, 5), E);
        assertEquals(2.0 / 3, Metrics.recall(HITS, 3, 500), E); // K beyond the list
        assertEquals(0.0, Metrics.recall(HITS, 0, 5), E);
    }

    @Test
    void ndcgDiscountsByLog2OfRankPlusOne() {
        // DCG@5 = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606
        // IDCG@5 (3 relevant) = 1 + 1/log2(3) + 1/log2(4) = 1 + 0.630930 + 0.5 = 2.130930
        assertEquals(1.0616063 / 2.1309298, Metrics.ndcg(HITS, 3, 5), 1e-6);
        // @2: DCG = 0.630930, IDCG = 1 + 0.630930
        assertEquals(0.6309298 / 1.6309298, Metrics.ndcg(HITS, 3, 2), 1e-6);
        assertEquals(1.0, Metrics.ndcg(new boolean[]{true, true}, 2, 10), E);
    }

    @Test
    void mrrIsTheInverseRankOfTheFirstHitWithinK() {
        assertEquals(0.5, Metrics.reciprocalRank(HITS, 5), E);
        assertEquals(0.0, Metrics.reciprocalRank(HITS, 1), E);
        assertEquals(1.0, Metrics.reciprocalRank(new boolean[]{true}, 10), E);
    }

    @Test
    void hitRateIsWhetherAnyHitIsWithinK() {
        assertEquals(0.0, Metrics.hitRate(HITS, 1), E);
        assertEquals(1.0, Metrics.hitRate(HITS, 2), E);
    }

    @Test
    void aucIsTheShareOfPositiveNegativePairsOrderedRight() {
        // positives 0.9, 0.4; negatives 0.8, 0.3, 0.1: pairs right = (0.9 > all 3) + (0.4 > 0.3, 0.1) = 5 of 6
        assertEquals(5.0 / 6, Metrics.auc(new double[]{0.9, 0.8, 0.4, 0.3, 0.1},
                new boolean[]{true, false, true, false, false}), E);
        // a tie between a positive and a negative counts one half: (1 + 0.5) / 2
        assertEquals(0.75, Metrics.auc(new double[]{0.5, 0.5, 0.1}, new boolean[]{true, false, false}), E);
        assertTrue(Double.isNaN(Metrics.auc(new double[]{0.1, 0.2}, new boolean[]{true, true})));
    }

    @Test
    void logLossIsTheMeanNegativeLogLikelihood() {
        // -(ln 0.8 + ln(1 - 0.4)) / 2 = (0.223144 + 0.510826) / 2 = 0.366985
        assertEquals(0.3669845, Metrics.logLoss(new double[]{0.8, 0.4}, new boolean[]{true, false}), 1e-6);
        // p = 0 for a positive is clipped to 1e-7: -ln(1e-7) = 16.118096
        assertEquals(16.1180957, Metrics.logLoss(new double[]{0.0}, new boolean[]{true}), 1e-6);
    }

    @Test
    void gradedNdcgWeighsByGain() {
        // gains in ranked order 0, 30, 10: DCG = 30/log2(3) + 10/log2(4) = 18.927893 + 5 = 23.927893
        // ideal 30, 10, 0: 30 + 10/log2(3) = 36.309298
        assertEquals(23.927893 / 36.309298, Metrics.gradedNdcg(new double[]{0, 30, 10}, 10), 1e-6);
        // @1: 0 / 30
        assertEquals(0.0, Metrics.gradedNdcg(new double[]{0, 30, 10}, 1), E);
        assertEquals(0.0, Metrics.gradedNdcg(new double[]{0, 0}, 10), E);
    }

    @Test
    void coverageIsTheShareOfTheCatalogueRecommended() {
        assertEquals(0.25, Metrics.coverage(5, 20), E);
    }

    @Test
    void diversityCountsDistinctValuesAndDifferingPairs() {
        int[] categories = {1, 1, 2, 3, -1};
        assertEquals(3, Metrics.distinct(categories, 5));
        assertEquals(1, Metrics.distinct(categories, 2));
        // known items 1,1,2,3: 6 pairs, only (1,1) equal → 5/6
        assertEquals(5.0 / 6, Metrics.intraListDiversity(categories, 5), E);
        assertEquals(0.0, Metrics.intraListDiversity(new int[]{4, 4, 4}, 3), E);
        assertTrue(Double.isNaN(Metrics.intraListDiversity(new int[]{4, -1}, 2)));
    }

    @Test
    void noveltyIsTheMeanSelfInformation() {
        // -log2(0.5) = 1, -log2(0.125) = 3 → mean 2
        assertEquals(2.0, Metrics.novelty(new double[]{0.5, 0.125, 0.001}, 2), E);
    }

    @Test
    void gaucWeightsEachUsersAucByTheirItemsAndSkipsUsersWithOneClass() {
        // user A: 4 items, one positive
        double[] a = {0.9, 0.5, 0.5, 0.1};
        boolean[] ya = {false, true, false, false};
        // pairs of A: positive 0.5 vs negatives 0.9 (lose), 0.5 (tie), 0.1 (win) = (0 + 0.5 + 1) / 3 = 0.5
        assertEquals(0.5, Metrics.auc(a, ya), E);
        // user B: 2 items, perfectly ordered: AUC 1
        double[] b = {0.2, 0.8};
        boolean[] yb = {false, true};
        // user C: only negatives, no AUC, left out
        double[] c = {0.3, 0.4, 0.6};
        boolean[] yc = {false, false, false};
        // (0.5 * 4 + 1 * 2) / (4 + 2) = 4 / 6
        assertEquals(4.0 / 6, Metrics.gauc(new double[][]{a, b, c}, new boolean[][]{ya, yb, yc}), E);
        assertTrue(Double.isNaN(Metrics.gauc(new double[][]{c}, new boolean[][]{yc})));
        // Sorting users by activity lifts the pooled AUC but not GAUC: B's scores all above A's.
        double[] b2 = {1.2, 1.8};
        assertEquals(4.0 / 6, Metrics.gauc(new double[][]{a, b2}, new boolean[][]{ya, yb}), E);
    }

    @Test
    void theEvaluatorsAccumulatorAgreesWithTheFormula() {
        var acc = new Evaluator.RankAcc();
        acc.addUser(new double[]{0.9, 0.5, 0.5, 0.1}, new boolean[]{false, true, false, false});
        var other = new Evaluator.RankAcc();
        other.addUser(new double[]{0.2, 0.8}, new boolean[]{false, true});
        other.addUser(new double[]{0.3, 0.4}, new boolean[]{false, false});
        acc.merge(other);
        var r = acc.result(false);
        assertEquals(4.0 / 6, r.gauc(), E);
        assertEquals(2, r.gaucUsers());
    }
}
