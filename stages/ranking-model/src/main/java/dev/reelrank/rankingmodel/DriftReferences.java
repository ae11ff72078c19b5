package dev.reelrank.rankingmodel;

import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.drift.CategoricalBins;
import dev.reelrank.model.ranking.drift.DriftReference;
import dev.reelrank.model.ranking.drift.FeatureBins;
import dev.reelrank.model.ranking.drift.NumericBins;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A drift monitor's reference read from an MMoE artifact: the {@link FeatureDistributions} its
 * metadata.json stores, as bins ({@link NumericBins}, {@link CategoricalBins}), with "unknown"
 * meaning what the model's own vocabulary maps to its out-of-vocabulary id. Features without a
 * stored distribution (artifacts older than the distributions) and excluded ones are left out
 * rather than failing: a monitor of fewer features still serves.
 */
public final class DriftReferences {
    private DriftReferences() {}

    public static DriftReference of(MmoeModel model, Collection<String> excluded) {
        MmoeMetadata md = model.metadata();
        return of(md.version(), md.schema(), md.featureDistributions(), model.encoding(), excluded);
    }

    /**
     * @param distributions {@code featureDistributions} of metadata.json (as {@link FeatureDistributions#of} wrote it)
     * @param excluded      feature names not to monitor (e.g. those serving fixes on purpose)
     */
    public static DriftReference of(String version, FeatureSchema schema, Map<String, Object> distributions,
                                    FeatureEncoding encoding, Collection<String> excluded) {
        Set<String> skip = Set.copyOf(excluded);
        Map<String, Object> all = distributions == null ? Map.of() : distributions;
        var out = new ArrayList<FeatureBins>();
        for (int f = 0; f < schema.categorical().size(); f++) {
            String name = schema.categorical().get(f);
            if (skip.contains(name) || !(all.get(name) instanceof Map<?, ?> d) || !"categorical".equals(d.get("kind"))) continue;
            Vocabulary vocab = encoding.vocabularies().get(f);
            var top = new LinkedHashMap<String, Double>();
            if (d.get("top") instanceof Map<?, ?> t) t.forEach((k, v) -> top.put(String.valueOf(k), number(v)));
            out.add(CategoricalBins.of(name, f, top, number(d.get("missingShare")), number(d.get("oovShare")),
                    v -> vocab.id(v) != Vocabulary.OOV));
        }
        for (int f = 0; f < schema.numeric().size(); f++) {
            String name = schema.numeric().get(f);
            if (skip.contains(name) || !(all.get(name) instanceof Map<?, ?> d) || !"numeric".equals(d.get("kind"))) continue;
            float[] edges = new float[0];
            double[] shares = new double[0];
            if (d.get("binEdges") instanceof List<?> e && d.get("binShares") instanceof List<?> s) {
                edges = new float[e.size()];
                for (int i = 0; i < edges.length; i++) edges[i] = (float) number(e.get(i));
                shares = new double[s.size()];
                for (int i = 0; i < shares.length; i++) shares[i] = number(s.get(i));
            }
            out.add(NumericBins.of(name, f, edges, shares, number(d.get("missingShare"))));
        }
        return new DriftReference(version, out);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }
}
