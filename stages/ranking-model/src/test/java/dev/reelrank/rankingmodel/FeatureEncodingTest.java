package dev.reelrank.rankingmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureEncodingTest {
    private static final FeatureSchema SCHEMA = new FeatureSchema(List.of("a", "b/c"), List.of("x"));

    private static FeatureRow row(String a, String b, float x) {
        return new FeatureRow(new String[] {a, b}, new float[] {x});
    }

    private static final List<FeatureRow> ROWS = List.of(row("p", "m", 1), row("p", "m", 3), row("q", "n", 5), row("r", "", Float.NaN));

    @Test
    void vocabularyKeepsFrequentValuesUpToItsCapAndMapsTheRestToZero() {
        var v = Vocabulary.fromCounts(Map.of("p", 5L, "q", 5L, "r", 1L, "s", 3L, "", 9L), 2, 3);
        assertEquals(List.of("p", "q"), v.values());   // "s" is frequent enough but the cap (3 ids with OOV) is reached
        assertEquals(3, v.size());
        assertEquals(1, v.id("p"));
        assertEquals(Vocabulary.OOV, v.id("r"));
        assertEquals(Vocabulary.OOV, v.id(""));
        assertEquals(Vocabulary.OOV, v.id(null));
    }

    @Test
    void aBatchEncodesAsRowByRowWithRepeatedAndMissingValues() {
        var enc = FeatureEncoding.fit(SCHEMA, ROWS, 1, 100);
        var rows = List.of(row("p", "m", 1), row("p", "m", 2), row("p", "n", 3), row(null, "n", 4), row(null, null, 5),
                row("q", null, 6), row("q", "unseen", 7), row("p", "m", 8));
        long[] oneByOne = new long[rows.size() * 2];
        float[] oneByOneNums = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) enc.encode(rows.get(i), i, oneByOne, oneByOneNums);
        long[] batch = new long[(rows.size() - 1) * 2];
        float[] batchNums = new float[rows.size() - 1];
        enc.encodeAll(rows, 1, rows.size() - 1, batch, batchNums);
        assertArrayEquals(java.util.Arrays.copyOfRange(oneByOne, 2, oneByOne.length), batch);
        assertArrayEquals(java.util.Arrays.copyOfRange(oneByOneNums, 1, oneByOneNums.length), batchNums);
    }

    @Test
    void encodesOffsetIdsAndStandardizedNumerics() {
        var enc = FeatureEncoding.fit(SCHEMA, ROWS, 1, 100);
        // a: {p, q, r} → 4 ids at offset 0; b/c: {m, n} → 3 ids at offset 4
        assertEquals(7, enc.tableRows());
        assertArrayEquals(new float[] {3f}, enc.means());   // NaN is not counted
        float std = (float) Math.sqrt(8 / 3.0);
        assertEquals(std, enc.stds()[0], 1e-6f);
        long[] ids = new long[4];
        float[] nums = new float[2];
        enc.encode(row("q", "zzz", 5), 0, ids, nums);
        enc.encode(row("new", "m", Float.NaN), 1, ids, nums);
        assertArrayEquals(new long[] {2, 4, 0, 5}, ids);
        assertArrayEquals(new float[] {2 / std, 0f}, nums, 1e-6f);
        assertEquals(FeatureEncoding.CLIP, enc.standardize(0, 1e9f));
    }

    @Test
    void writesAndReadsBackTheSameEncoding(@TempDir Path dir) throws Exception {
        var enc = FeatureEncoding.fit(SCHEMA, ROWS, 1, 100);
        enc.write(dir);
        assertTrue(java.nio.file.Files.exists(dir.resolve("vocab/01-b_c.txt")));
        var back = FeatureEncoding.read(dir, SCHEMA);
        assertEquals(enc.vocabularies(), back.vocabularies());
        assertArrayEquals(enc.means(), back.means());
        assertArrayEquals(enc.stds(), back.stds());
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureEncoding.fit(SCHEMA, List.of(ROWS.get(0), row("p", "m", 1),
                new FeatureRow(new String[] {"p"}, new float[] {1})), 1, 100));
        assertTrue(e.getMessage().startsWith("feature row 2 does not match"), e.getMessage());
    }

    @Test
    void numericBinsCoverValuesOutsideTheTrainingRange() {
        float[] edges = {0, 1, 2, 3};
        assertEquals(0, FeatureDistributions.bin(edges, -5));
        assertEquals(1, FeatureDistributions.bin(edges, 1));
        assertEquals(2, FeatureDistributions.bin(edges, 3));
        assertEquals(2, FeatureDistributions.bin(edges, 99));
    }
}
