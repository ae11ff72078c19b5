package dev.reelrank.rankingmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.drift.DriftMonitor;
import dev.reelrank.model.ranking.drift.NumericBins;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference read back from metadata.json describes the training rows: they show no drift against it. */
class DriftReferencesTest {
    private static final DriftMonitor.Settings SETTINGS = new DriftMonitor.Settings(0.2, 500, 1_000_000, 10, 1, 1e-4);

    @Test
    void trainingRowsShowNoDriftAndAShiftedColumnDoes() throws Exception {
        List<FeatureRow> train = Synthetic.rows(Synthetic.examples(6_000, 1));
        var encoding = FeatureEncoding.fit(Synthetic.SCHEMA, train, 2, 1_000);
        // Through JSON as metadata.json stores it: numbers come back as Double/Integer.
        String json = MmoeMetadata.JSON.writeValueAsString(FeatureDistributions.of(Synthetic.SCHEMA, encoding, train));
        Map<String, Object> stored = MmoeMetadata.JSON.readValue(json, new TypeReference<>() {});
        var reference = DriftReferences.of("m1", Synthetic.SCHEMA, stored, encoding, Set.of("noise"));
        assertEquals(List.of("user_segment", "video_category", "video_id", "freshness", "log_duration"),
                reference.features().stream().map(f -> f.name()).toList(), "excluded features are not monitored");

        var same = new DriftMonitor(reference, SETTINGS, DriftMonitor.Listener.NONE);
        same.offer(Synthetic.rows(Synthetic.examples(6_000, 2)));
        for (var f : same.report().features()) {
            assertTrue(f.psi() < 0.05, f.toString());
            assertFalse(f.drifted(), f.toString());
        }

        // Longer videos and ids the vocabulary never saw (half the rows).
        var shifted = Synthetic.rows(Synthetic.examples(6_000, 3)).stream().map(r -> {
            float[] x = r.numeric().clone();
            x[1] += 1.5f;
            String[] c = r.categorical().clone();
            if (x[0] < 0.5f) c[2] = "new-" + c[2];
            return new FeatureRow(c, x);
        }).toList();
        var moved = new DriftMonitor(reference, SETTINGS, DriftMonitor.Listener.NONE);
        moved.offer(shifted);
        var byName = new java.util.HashMap<String, dev.reelrank.model.ranking.drift.FeatureDrift>();
        moved.report().features().forEach(f -> byName.put(f.name(), f));
        assertTrue(byName.get("log_duration").drifted(), byName.toString());
        assertTrue(byName.get("video_id").drifted(), byName.toString());
        assertEquals(0.5, byName.get("video_id").unknownShare(), 0.03);
        for (String name : List.of("user_segment", "video_category", "freshness")) assertFalse(byName.get(name).drifted(), name);
    }

    @Test
    void liveValuesFallIntoTheBinsTheReferenceWasCountedIn() {
        List<FeatureRow> train = Synthetic.rows(Synthetic.examples(2_000, 4));
        var encoding = FeatureEncoding.fit(Synthetic.SCHEMA, train, 2, 1_000);
        var reference = DriftReferences.of("m1", Synthetic.SCHEMA, FeatureDistributions.of(Synthetic.SCHEMA, encoding, train),
                encoding, Set.of());
        var bins = (NumericBins) reference.features().stream().filter(f -> f.name().equals("log_duration")).findFirst().orElseThrow();
        for (FeatureRow r : train.subList(0, 200)) {
            assertEquals(FeatureDistributions.bin(bins.edges(), r.numeric()[1]), bins.bin(r));
        }
    }
}
