package dev.reelrank.model.ranking;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The {@link FeatureRow}s of one request stored by column: the numerics in one row-major
 * {@code float[]}, and each categorical field dictionary-encoded (every row holds a code into its
 * field's list of distinct values). A request's rows share the user and context values and ~100
 * channels among 500 candidates, so a model maps each distinct value to its vocabulary once
 * instead of once per row, and no per-row arrays are allocated (JFR of the Rank call: per-row
 * vocabulary and map lookups were a quarter of its Java samples).
 *
 * <p>The writer (the feature assembly) fills {@link #numeric()} and sets every row's codes with
 * {@link #addValue}/{@link #setCode}; readers treat it as read-only. Not thread-safe while written.
 */
public final class FeatureBatch {
    private final int size;
    private final int categoricalWidth;
    private final int numericWidth;
    private final float[] numeric;
    private final int[] codes;
    private final String[][] values;
    private final int[] valueCounts;

    public FeatureBatch(int size, int categoricalWidth, int numericWidth) {
        if (size < 0 || categoricalWidth < 0 || numericWidth < 0) throw new IllegalArgumentException("negative batch dimensions");
        this.size = size;
        this.categoricalWidth = categoricalWidth;
        this.numericWidth = numericWidth;
        this.numeric = new float[size * numericWidth];
        this.codes = new int[size * categoricalWidth];
        this.values = new String[categoricalWidth][];
        this.valueCounts = new int[categoricalWidth];
        for (int f = 0; f < categoricalWidth; f++) values[f] = new String[4];
    }

    /** A batch of {@code schema}'s widths. */
    public static FeatureBatch of(FeatureSchema schema, int size) {
        return new FeatureBatch(size, schema.categorical().size(), schema.numeric().size());
    }

    /** A batch holding copies of {@code rows} (one code per row and field: no deduplication). */
    public static FeatureBatch copyOf(FeatureSchema schema, List<FeatureRow> rows) {
        var b = of(schema, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            FeatureRow r = rows.get(i);
            for (int f = 0; f < b.categoricalWidth; f++) b.setCode(i, f, b.addValue(f, r.categorical()[f]));
            System.arraycopy(r.numeric(), 0, b.numeric, i * b.numericWidth, b.numericWidth);
        }
        return b;
    }

    public int size() {
        return size;
    }

    public int categoricalWidth() {
        return categoricalWidth;
    }

    public int numericWidth() {
        return numericWidth;
    }

    /** The numerics, row-major: row {@code i}'s field {@code f} at {@code i * numericWidth() + f}. Backing array, not a copy. */
    public float[] numeric() {
        return numeric;
    }

    /** Adds a distinct value to field {@code field}'s dictionary and returns its code (the caller deduplicates where it pays). */
    public int addValue(int field, String value) {
        int n = valueCounts[field];
        if (n == values[field].length) values[field] = Arrays.copyOf(values[field], n * 2);
        values[field][n] = value;
        valueCounts[field] = n + 1;
        return n;
    }

    public void setCode(int row, int field, int code) {
        if (code < 0 || code >= valueCounts[field]) throw new IllegalArgumentException("no value " + code + " in field " + field);
        codes[row * categoricalWidth + field] = code;
    }

    public int code(int row, int field) {
        return codes[row * categoricalWidth + field];
    }

    /** Distinct values field {@code field} holds. */
    public int valueCount(int field) {
        return valueCounts[field];
    }

    public String value(int field, int code) {
        return values[field][code];
    }

    /** Row {@code row}'s value of field {@code field}. */
    public String categorical(int row, int field) {
        return values[field][code(row, field)];
    }

    /** Row {@code row} as a {@link FeatureRow} of its own (copies). */
    public FeatureRow row(int row) {
        var c = new String[categoricalWidth];
        for (int f = 0; f < categoricalWidth; f++) c[f] = categorical(row, f);
        return new FeatureRow(c, Arrays.copyOfRange(numeric, row * numericWidth, (row + 1) * numericWidth));
    }

    /** The rows as a read-only list, each built on access: for readers that want rows (the drift monitor samples a few requests). */
    public List<FeatureRow> rows() {
        return new Rows();
    }

    private final class Rows extends AbstractList<FeatureRow> implements RandomAccess {
        @Override
        public FeatureRow get(int index) {
            if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
            return row(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
