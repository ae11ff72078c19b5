package dev.reelrank.model.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureBatchTest {
    private static final FeatureSchema SCHEMA = new FeatureSchema(List.of("user", "video"), List.of("a", "b", "c"));

    @Test
    void rowsReadBackWhatWasWritten() {
        var rows = List.of(new FeatureRow(new String[] {"u", "v1"}, new float[] {1, 2, 3}),
                new FeatureRow(new String[] {"u", ""}, new float[] {Float.NaN, -0f, 4}),
                new FeatureRow(new String[] {null, "v3"}, new float[] {5, 6, Float.POSITIVE_INFINITY}));
        var batch = FeatureBatch.copyOf(SCHEMA, rows);
        assertEquals(3, batch.size());
        assertEquals(2, batch.categoricalWidth());
        assertEquals(3, batch.numericWidth());
        List<FeatureRow> back = batch.rows();
        assertEquals(3, back.size());
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(rows.get(i).categorical(), back.get(i).categorical(), "row " + i);
            assertArrayEquals(rows.get(i).numeric(), back.get(i).numeric(), "row " + i);   // NaN and -0 included
        }
        assertThrows(IndexOutOfBoundsException.class, () -> back.get(3));
    }

    @Test
    void rowsShareDictionaryEntries() {
        var batch = FeatureBatch.of(SCHEMA, 500);
        int user = batch.addValue(0, "u");
        for (int i = 0; i < 500; i++) {
            batch.setCode(i, 0, user);
            batch.setCode(i, 1, batch.addValue(1, "v" + i));   // grows past its initial capacity
        }
        assertEquals(1, batch.valueCount(0));
        assertEquals(500, batch.valueCount(1));
        assertEquals("u", batch.categorical(499, 0));
        assertEquals("v499", batch.categorical(499, 1));
        assertThrows(IllegalArgumentException.class, () -> batch.setCode(0, 0, 1), "a code with no value");
    }

    @Test
    void theDefaultPredictGoesThroughRows() {
        RankingModel model = new RankingModel() {
            @Override public String version() { return "m"; }
            @Override public FeatureSchema schema() { return SCHEMA; }
            @Override public List<String> objectives() { return List.of("sum"); }

            @Override
            public float[][] predict(List<FeatureRow> rows) {
                var out = new float[rows.size()][];
                for (int i = 0; i < out.length; i++) out[i] = new float[] {rows.get(i).numeric()[0] + rows.get(i).numeric()[2]};
                return out;
            }
        };
        var batch = FeatureBatch.copyOf(SCHEMA, List.of(new FeatureRow(new String[] {"u", "v"}, new float[] {1, 2, 3})));
        assertArrayEquals(new float[] {4}, model.predict(batch)[0]);
    }
}
