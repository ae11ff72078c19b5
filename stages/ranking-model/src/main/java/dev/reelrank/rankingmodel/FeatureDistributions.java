package dev.reelrank.rankingmodel;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training distribution of every input feature, stored in metadata.json as the reference a
 * drift monitor compares live rows against (e.g. PSI per feature). Raw values are summarized, as the
 * feature assembly produces them, because that is what a monitor sees on the wire.
 *
 * <p>Numeric: decile bin edges (11 values, min to max) and the share of rows in each of the 10
 * bins; a monitor counts live values into the same bins with {@link #bin}. Heavy ties (e.g. many
 * zero counts) make edges repeat and bins uneven, which is itself the shape to compare. Plus
 * mean, std and the share of non-finite (missing) values.
 *
 * <p>Categorical: the shares of the most frequent values, of values the model maps to its
 * out-of-vocabulary id, and of missing ({@code ""}) values.
 */
public final class FeatureDistributions {
    public static final int BINS = 10;
    public static final int TOP_VALUES = 20;

    private FeatureDistributions() {}

    public static Map<String, Object> of(FeatureSchema schema, FeatureEncoding encoding, List<FeatureRow> rows) {
        var out = new LinkedHashMap<String, Object>();
        for (int f = 0; f < schema.categorical().size(); f++) {
            out.put(schema.categorical().get(f), categorical(rows, f, encoding.vocabularies().get(f)));
        }
        for (int f = 0; f < schema.numeric().size(); f++) {
            float[] values = new float[rows.size()];
            for (int i = 0; i < values.length; i++) values[i] = rows.get(i).numeric()[f];
            out.put(schema.numeric().get(f), numeric(values));
        }
        return out;
    }

    static Map<String, Object> categorical(List<FeatureRow> rows, int field, Vocabulary vocab) {
        var counts = new HashMap<String, Long>();
        long missing = 0, oov = 0;
        for (FeatureRow r : rows) {
            String v = r.categorical()[field];
            if (v == null || v.isEmpty()) { missing++; continue; }
            counts.merge(v, 1L, Long::sum);
            if (vocab.id(v) == Vocabulary.OOV) oov++;
        }
        long total = rows.size();
        var entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        var top = new LinkedHashMap<String, Object>();
        for (int i = 0; i < Math.min(TOP_VALUES, entries.size()); i++) {
            top.put(entries.get(i).getKey(), share(entries.get(i).getValue(), total));
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("kind", "categorical");
        m.put("count", total);
        m.put("distinct", counts.size());
        m.put("vocabularySize", vocab.size() - 1);
        m.put("missingShare", share(missing, total));
        m.put("oovShare", share(oov, total));
        m.put("top", top);
        return m;
    }

    static Map<String, Object> numeric(float[] values) {
        float[] finite = new float[values.length];
        int n = 0;
        double sum = 0, sumSq = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) continue;
            finite[n++] = v;
            sum += v;
            sumSq += (double) v * v;
        }
        finite = Arrays.copyOf(finite, n);
        Arrays.sort(finite);
        var m = new LinkedHashMap<String, Object>();
        m.put("kind", "numeric");
        m.put("count", values.length);
        m.put("missingShare", share(values.length - n, values.length));
        if (n == 0) return m;
        double mean = sum / n;
        m.put("mean", round(mean));
        m.put("std", round(Math.sqrt(Math.max(0, sumSq / n - mean * mean))));
        float[] edges = new float[BINS + 1];
        for (int b = 0; b <= BINS; b++) edges[b] = finite[(int) Math.min(n - 1, Math.floor((double) b * (n - 1) / BINS))];
        long[] counts = new long[BINS];
        for (int i = 0; i < n; i++) counts[bin(edges, finite[i])]++;
        var e = new ArrayList<Double>(edges.length);
        for (float x : edges) e.add((double) x);
        var shares = new ArrayList<Double>(BINS);
        for (long c : counts) shares.add(share(c, n));
        m.put("binEdges", e);
        m.put("binShares", shares);
        return m;
    }

    /**
     * The bin of {@code x} for edges e0..eK: bin i holds [e_i, e_{i+1}); values below e0 fall into bin 0
     * and values at or above eK into the last, so live values outside the training range still count.
     * With repeated edges a value goes to the last bin that starts at it.
     */
    public static int bin(float[] edges, float x) {
        int bins = edges.length - 1;
        int b = 0;
        for (int i = 1; i < bins; i++) if (x >= edges[i]) b = i;
        return b;
    }

    /** Label summary: click rate and the watch ratio of clicked rows in deciles. */
    static Map<String, Object> labels(float[] clicks, float[] watch) {
        long clicked = 0;
        float[] ratios = new float[clicks.length];
        int k = 0;
        for (int i = 0; i < clicks.length; i++) {
            if (clicks[i] > 0.5f) { clicked++; ratios[k++] = watch[i]; }
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("rows", clicks.length);
        m.put("clickRate", share(clicked, clicks.length));
        m.put("watchRatioOfClicked", numeric(Arrays.copyOf(ratios, k)));
        return m;
    }

    private static double share(long part, long total) {
        return total == 0 ? 0.0 : round((double) part / total);
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
