package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.Popularity;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Popularity} computed from the training split with the product's {@link EngagementWeights}:
 * the global scope over all training rows, and each region's scope over the training rows of that
 * region within {@code window} before the evaluation's "now" (all training rows when the data has
 * no times).
 */
public final class OfflinePopularity implements Popularity {
    private final Map<String, List<ScoredVideo>> top = new HashMap<>();
    private final int keep;

    /** @param keep how many videos each scope keeps, best first (the largest quota asked) */
    public OfflinePopularity(TrainingData train, long windowMs, int keep) {
        this.keep = keep;
        Dataset d = train.data;
        long now = train.split.now();
        boolean timed = now != Dataset.NO_TIME;
        double[] global = new double[d.videoCount()];
        double[][] regional = new double[d.regions.size()][];
        var weights = EngagementWeights.DEFAULTS;
        for (int i = 0; i < d.rows; i++) {
            if (!train.split.isTrain(i) || d.video[i] < 0) continue;
            double w = weights.of(d.interaction(i));
            if (w == 0) continue;
            global[d.video[i]] += w;
            int r = d.region[i];
            if (r < 0) continue;
            if (timed && (d.time[i] == Dataset.NO_TIME || d.time[i] < now - windowMs || d.time[i] >= now)) continue;
            if (regional[r] == null) regional[r] = new double[d.videoCount()];
            regional[r][d.video[i]] += w;
        }
        top.put(GLOBAL, best(d, global));
        for (int r = 0; r < regional.length; r++) if (regional[r] != null) top.put(d.regions.value(r), best(d, regional[r]));
    }

    private List<ScoredVideo> best(Dataset d, double[] score) {
        Integer[] order = new Integer[score.length];
        int n = 0;
        for (int v = 0; v < score.length; v++) if (score[v] > 0) order[n++] = v;
        Arrays.sort(order, 0, n, (a, b) -> score[b] != score[a] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
        var out = new ArrayList<ScoredVideo>(Math.min(n, keep));
        for (int k = 0; k < Math.min(n, keep); k++) out.add(new ScoredVideo(d.videos.value(order[k]), score[order[k]]));
        return List.copyOf(out);
    }

    @Override
    public List<ScoredVideo> top(String scope, int n) {
        List<ScoredVideo> list = top.getOrDefault(scope, List.of());
        return list.subList(0, Math.min(n, list.size()));
    }

    public boolean hasScope(String scope) {
        return top.containsKey(scope);
    }
}
