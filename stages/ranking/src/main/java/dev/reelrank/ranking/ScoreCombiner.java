package dev.reelrank.ranking;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.Ranker;
import dev.reelrank.proto.v1.RankResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-objective scores into one score per candidate and orders the candidates by it.
 * Objectives the weights do not name count for nothing, so a new model output changes nothing
 * until someone weighs it. A response that does not match the request is rejected: serving scores
 * of the wrong videos would be worse than keeping the retrieval order.
 *
 * <p>Two ways to combine ({@link Mode}): a weighted sum, or a weighted product
 * {@code Π score^weight}, which with {@code click = 1, watch_seconds = 1} is pCTR × expected watch
 * seconds, the expected watch time of showing the video (a sum would let a long video with a tiny
 * click probability win).
 *
 * <p>{@code retrievalWindow} bounds how far the model may reorder the retrieval order: each
 * candidate's key is {@code window × q − i}, where {@code i} is its position in the order it arrived
 * in (the retrieval merge) and {@code q} in [0, 1] the percentile of its model score among the
 * candidates. A candidate can therefore overtake only candidates fewer than {@code window} places
 * ahead of it, so a model not yet known to beat retrieval reorders only neighbours, and nothing from
 * deep in the merge (the popular filler) can reach the top; 0 is exactly retrieval order,
 * {@link #PURE_MODEL} (negative) the model's order alone.
 */
public record ScoreCombiner(Map<String, Double> weights, Mode mode, int retrievalWindow) {
    /** {@code retrievalWindow} meaning "order by the model alone". */
    public static final int PURE_MODEL = -1;
    /**
     * How far the rule {@code heuristic-v0} may reorder, whatever the configured window: it ranks popular
     * videos above the personal (ANN) candidates and cost the served feed most of its hits when it
     * ordered freely (EVALUATION.md: Recall@20 0.087 ranked vs 0.323 in retrieval order on KuaiRec), so
     * as the fallback model it only breaks near-ties.
     */
    public static final int HEURISTIC_RETRIEVAL_WINDOW = 3;
    /**
     * How far a learned model may reorder by default. Served KuaiRec Home feeds (EVALUATION.md, "Through
     * the running product"): window 300 Recall@20 +11.9 % and NDCG@20 +21 % over retrieval order, 100
     * +10 % / +17 %, 3 −0.4 % / +2.8 %; unbounded −41 % / −53 %, because the model, trained on what users
     * were shown, lifts the popular filler the merge puts after the ANN candidates to the top.
     */
    public static final int LEARNED_RETRIEVAL_WINDOW = 300;
    /** feed-assembly's shipped combination: the click head (and the heuristic's two objectives) summed. */
    public static final ScoreCombiner SERVING_DEFAULT =
            new ScoreCombiner(Map.of("click", 1.0, "watch_time", 1.0), Mode.SUM, LEARNED_RETRIEVAL_WINDOW);
    /** Product factors are floored here: a 0 or negative score must not zero or flip the product. */
    static final double PRODUCT_FLOOR = 1e-9;

    public enum Mode { SUM, PRODUCT }

    public ScoreCombiner {
        weights = Map.copyOf(weights);
        if (mode == null) mode = Mode.SUM;
    }

    /** Weighted sum, model order alone: the combiner as it was before modes and windows. */
    public ScoreCombiner(Map<String, Double> weights) {
        this(weights, Mode.SUM, PURE_MODEL);
    }

    /**
     * The combination a model's objectives call for when nothing is configured: pCTR × expected
     * watch seconds when it predicts both, else the plain sum of its objectives.
     */
    public static ScoreCombiner defaultFor(List<String> objectives) {
        if (objectives.contains(ModelScorer.CLICK) && objectives.contains(ModelScorer.WATCH_SECONDS)) {
            return new ScoreCombiner(Map.of(ModelScorer.CLICK, 1.0, ModelScorer.WATCH_SECONDS, 1.0), Mode.PRODUCT, PURE_MODEL);
        }
        var w = new HashMap<String, Double>();
        for (String o : objectives) w.put(o, 1.0);
        return new ScoreCombiner(w);
    }

    public ScoreCombiner withRetrievalWindow(int window) {
        return new ScoreCombiner(weights, mode, window);
    }

    /** The re-ranking function's answer, checked against the candidates it was asked about. */
    public Ranker.Ranking combine(List<Candidate> candidates, RankResponse response) {
        if (response.getScoresCount() != candidates.size()) {
            throw new IllegalStateException("ranker scored " + response.getScoresCount() + " of "
                    + candidates.size() + " candidates");
        }
        int objectives = response.getObjectivesCount();
        float[][] rows = new float[candidates.size()][];
        for (int i = 0; i < rows.length; i++) {
            var s = response.getScores(i);
            if (!s.getVideoId().equals(candidates.get(i).videoId()) || s.getScoresCount() != objectives) {
                throw new IllegalStateException("ranker answer " + i + " does not match candidate " + candidates.get(i).videoId());
            }
            rows[i] = new float[objectives];
            for (int j = 0; j < objectives; j++) rows[i][j] = s.getScores(j);
        }
        return combine(candidates, response.getModelVersion(), response.getObjectivesList(), rows);
    }

    /**
     * @param rows one row per candidate (candidate order), one column per objective
     * @return the candidates with score = the combined model score, best first; equal scores keep the
     *         arrival order. With a retrieval window the order is the window's, so scores need not descend
     */
    public Ranker.Ranking combine(List<Candidate> candidates, String modelVersion, List<String> objectives, float[][] rows) {
        double[] w = new double[objectives.size()];
        boolean anyWeighted = false;
        for (int j = 0; j < w.length; j++) {
            w[j] = weights.getOrDefault(objectives.get(j), 0.0);
            anyWeighted |= w[j] != 0;
        }
        if (!anyWeighted) {
            throw new IllegalStateException("no configured weight for any objective of " + objectives);
        }
        if (rows.length != candidates.size()) {
            throw new IllegalStateException("ranker scored " + rows.length + " of " + candidates.size() + " candidates");
        }
        double[] model = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != w.length) {
                throw new IllegalStateException("ranker answer " + i + " does not match candidate " + candidates.get(i).videoId());
            }
            model[i] = mode == Mode.SUM ? sum(w, rows[i]) : product(w, rows[i]);
        }
        int window = windowFor(modelVersion);
        double[] key = window < 0 ? model : anchored(model, window);
        Integer[] order = new Integer[rows.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // Stable sort: equal keys keep the retrieval order.
        Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
        var scored = new ArrayList<Candidate>(candidates.size());
        for (int i : order) scored.add(candidates.get(i).withScore(model[i]));
        return new Ranker.Ranking(modelVersion, scored);
    }

    /** The configured window, except that the fallback rule is held to {@link #HEURISTIC_RETRIEVAL_WINDOW}. */
    public int windowFor(String modelVersion) {
        if (!HeuristicScorer.MODEL_VERSION.equals(modelVersion)) return retrievalWindow;
        return retrievalWindow < 0 ? HEURISTIC_RETRIEVAL_WINDOW : Math.min(retrievalWindow, HEURISTIC_RETRIEVAL_WINDOW);
    }

    private static double sum(double[] w, float[] s) {
        double sum = 0;
        for (int j = 0; j < w.length; j++) sum += w[j] * s[j];
        return sum;
    }

    private static double product(double[] w, float[] s) {
        // In logs, so a dozen small factors do not underflow; exp keeps the score a probability-scale number.
        double log = 0;
        for (int j = 0; j < w.length; j++) {
            if (w[j] != 0) log += w[j] * Math.log(Math.max(PRODUCT_FLOOR, Double.isNaN(s[j]) ? 0 : s[j]));
        }
        return Math.exp(log);
    }

    /** {@code window × percentile(model score) − position}; ties share their mean percentile. */
    static double[] anchored(double[] model, int window) {
        int n = model.length;
        double[] key = new double[n];
        if (n == 0) return key;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> model[i]));
        double[] q = new double[n];
        for (int a = 0; a < n; ) {
            int b = a;
            while (b + 1 < n && model[order[b + 1]] == model[order[a]]) b++;
            double pct = n == 1 ? 1 : ((a + b) / 2.0) / (n - 1);
            for (int k = a; k <= b; k++) q[order[k]] = pct;
            a = b + 1;
        }
        for (int i = 0; i < n; i++) key[i] = window * q[i] - i;
        return key;
    }
}
