package dev.reelrank.rankingmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reelrank.model.ranking.FeatureBatch;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link FeatureRow}s into the network's two inputs: one id per categorical field (offset
 * into the block's single stacked embedding table, see {@link MmoeBlock}) and standardized
 * numerics. Training fits it on the training rows only and serving reads the same fitted copy, so
 * the two cannot disagree about what a value means. Immutable, so thread-safe.
 */
public final class FeatureEncoding {
    static final String VOCAB_DIR = "vocab";
    static final String NUMERIC_FILE = "numeric-stats.json";
    /**
     * Standardized values are clipped to ±this: a broken upstream counter at serving time moves a
     * score by a bounded amount instead of sending one candidate to the top.
     */
    static final float CLIP = 10f;
    // Decimals are read exactly and parsed as float once: double then float could round twice and
    // make a loaded model differ from the saved one in the last bit.
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final FeatureSchema schema;
    private final List<Vocabulary> vocabularies;
    private final float[] mean;
    private final float[] std;
    private final int[] offset;
    private final int tableRows;

    public FeatureEncoding(FeatureSchema schema, List<Vocabulary> vocabularies, float[] mean, float[] std) {
        if (vocabularies.size() != schema.categorical().size()) {
            throw new IllegalArgumentException(vocabularies.size() + " vocabularies for " + schema.categorical().size() + " categorical fields");
        }
        if (mean.length != schema.numeric().size() || std.length != mean.length) {
            throw new IllegalArgumentException("numeric statistics for " + mean.length + " fields, schema has " + schema.numeric().size());
        }
        if (schema.categorical().isEmpty() && schema.numeric().isEmpty()) throw new IllegalArgumentException("the schema has no features");
        this.schema = schema;
        this.vocabularies = List.copyOf(vocabularies);
        this.mean = mean.clone();
        this.std = std.clone();
        this.offset = new int[vocabularies.size()];
        int rows = 0;
        for (int f = 0; f < offset.length; f++) {
            offset[f] = rows;
            rows += vocabularies.get(f).size();
        }
        this.tableRows = rows;
    }

    /** Vocabularies by count and mean/std of every numeric field over {@code rows} (rows must match the schema). */
    public static FeatureEncoding fit(FeatureSchema schema, List<FeatureRow> rows, int minCount, int maxVocabulary) {
        int c = schema.categorical().size(), n = schema.numeric().size();
        var counts = new ArrayList<Map<String, Long>>(c);
        for (int f = 0; f < c; f++) counts.add(new HashMap<>());
        double[] sum = new double[n], sumSq = new double[n];
        long[] finite = new long[n];
        for (int i = 0; i < rows.size(); i++) {
            FeatureRow r = rows.get(i);
            checkWidths(schema, r, i);
            for (int f = 0; f < c; f++) {
                String v = r.categorical()[f];
                if (v != null && !v.isEmpty()) counts.get(f).merge(v, 1L, Long::sum);
            }
            for (int f = 0; f < n; f++) {
                float x = r.numeric()[f];
                if (!Float.isFinite(x)) continue;
                sum[f] += x;
                sumSq[f] += (double) x * x;
                finite[f]++;
            }
        }
        var vocab = new ArrayList<Vocabulary>(c);
        for (int f = 0; f < c; f++) vocab.add(Vocabulary.fromCounts(counts.get(f), minCount, maxVocabulary));
        float[] mean = new float[n], std = new float[n];
        for (int f = 0; f < n; f++) {
            double m = finite[f] == 0 ? 0 : sum[f] / finite[f];
            double var = finite[f] == 0 ? 0 : Math.max(0, sumSq[f] / finite[f] - m * m);
            mean[f] = (float) m;
            // A constant feature carries nothing; dividing by ~0 would turn float noise into huge inputs.
            std[f] = var < 1e-12 ? 1f : (float) Math.sqrt(var);
        }
        return new FeatureEncoding(schema, vocab, mean, std);
    }

    /** Refuses a row whose widths do not match the schema, naming the row and the expected fields. */
    static void checkWidths(FeatureSchema schema, FeatureRow r, int index) {
        if (r == null) throw new IllegalArgumentException("feature row " + index + " is null");
        int c = r.categorical() == null ? -1 : r.categorical().length;
        int n = r.numeric() == null ? -1 : r.numeric().length;
        if (c != schema.categorical().size() || n != schema.numeric().size()) {
            throw new IllegalArgumentException(String.format(
                    "feature row %d does not match the model's schema: it has %s categorical and %s numeric values, "
                            + "the schema expects %d categorical %s and %d numeric %s",
                    index, c < 0 ? "no" : c, n < 0 ? "no" : n, schema.categorical().size(), schema.categorical(),
                    schema.numeric().size(), schema.numeric()));
        }
    }

    /** Writes row {@code r}'s ids at {@code ids[at * C ...]} and its standardized numerics at {@code nums[at * N ...]}. */
    void encode(FeatureRow r, int at, long[] ids, float[] nums) {
        int c = offset.length, n = mean.length;
        String[] cat = r.categorical();
        for (int f = 0; f < c; f++) ids[at * c + f] = offset[f] + vocabularies.get(f).id(cat[f]);
        float[] x = r.numeric();
        for (int f = 0; f < n; f++) nums[at * n + f] = standardize(f, x[f]);
    }

    /**
     * {@link #encode} for {@code k} rows from {@code from}, into positions 0..k-1. A categorical value
     * equal to the previous row's reuses its id: the rows of one request share the user, device,
     * region, surface and hour, and the vocabulary lookups were a fifth of a Rank call's Java time.
     */
    void encodeAll(List<FeatureRow> rows, int from, int k, long[] ids, float[] nums) {
        int c = offset.length, n = mean.length;
        String[] lastValue = new String[c];
        long[] lastId = new long[c];
        for (int i = 0; i < k; i++) {
            FeatureRow r = rows.get(from + i);
            String[] cat = r.categorical();
            for (int f = 0; f < c; f++) {
                String v = cat[f];
                if (v == null || !v.equals(lastValue[f])) {
                    lastId[f] = offset[f] + vocabularies.get(f).id(v);
                    lastValue[f] = v;
                }
                ids[i * c + f] = lastId[f];
            }
            float[] x = r.numeric();
            for (int f = 0; f < n; f++) nums[i * n + f] = standardize(f, x[f]);
        }
    }

    /**
     * The embedding-table id of every distinct value of every field of {@code b}:
     * {@code ids[f][code]}. One vocabulary lookup per distinct value, not per row.
     */
    long[][] tableIds(FeatureBatch b) {
        checkWidths(b);
        long[][] out = new long[offset.length][];
        for (int f = 0; f < offset.length; f++) {
            Vocabulary vocabulary = vocabularies.get(f);
            long[] ids = new long[b.valueCount(f)];
            for (int code = 0; code < ids.length; code++) ids[code] = offset[f] + vocabulary.id(b.value(f, code));
            out[f] = ids;
        }
        return out;
    }

    /**
     * {@link #encodeAll(List, int, int, long[], float[])} for rows {@code from..from+k-1} of a
     * batch, with the ids of {@link #tableIds}: the same ids and numerics as encoding its rows one by one.
     */
    void encodeAll(FeatureBatch b, long[][] tableIds, int from, int k, long[] ids, float[] nums) {
        int c = offset.length, n = mean.length;
        float[] x = b.numeric();
        for (int i = 0; i < k; i++) {
            int row = from + i;
            for (int f = 0; f < c; f++) ids[i * c + f] = tableIds[f][b.code(row, f)];
            int at = row * n;
            for (int f = 0; f < n; f++) nums[i * n + f] = standardize(f, x[at + f]);
        }
    }

    /** Refuses a batch whose widths do not match the schema. */
    void checkWidths(FeatureBatch b) {
        if (b.categoricalWidth() != schema.categorical().size() || b.numericWidth() != schema.numeric().size()) {
            throw new IllegalArgumentException(String.format(
                    "feature batch does not match the model's schema: it has %d categorical and %d numeric values per row, "
                            + "the schema expects %d categorical %s and %d numeric %s",
                    b.categoricalWidth(), b.numericWidth(), schema.categorical().size(), schema.categorical(),
                    schema.numeric().size(), schema.numeric()));
        }
    }

    /** Non-finite values (missing) become the training mean, i.e. 0 after standardization. */
    float standardize(int field, float x) {
        if (!Float.isFinite(x)) return 0f;
        float z = (x - mean[field]) / std[field];
        return Math.max(-CLIP, Math.min(CLIP, z));
    }

    public FeatureSchema schema() {
        return schema;
    }

    public List<Vocabulary> vocabularies() {
        return vocabularies;
    }

    public float[] means() {
        return mean.clone();
    }

    public float[] stds() {
        return std.clone();
    }

    int categoricalCount() {
        return offset.length;
    }

    int numericCount() {
        return mean.length;
    }

    /** Rows of the stacked embedding table: the sum of the vocabularies' sizes. */
    int tableRows() {
        return tableRows;
    }

    /** {@code vocab/NN-name.txt}: the index keeps files apart when two names sanitize alike. */
    static String vocabularyFile(int field, String name) {
        return String.format("%s/%02d-%s.txt", VOCAB_DIR, field, name.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    void write(Path dir) throws IOException {
        for (int f = 0; f < offset.length; f++) {
            vocabularies.get(f).write(dir.resolve(vocabularyFile(f, schema.categorical().get(f))));
        }
        var numeric = new ArrayList<Map<String, Object>>();
        for (int f = 0; f < mean.length; f++) {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", schema.numeric().get(f));
            m.put("mean", mean[f]);
            m.put("std", std[f]);
            numeric.add(m);
        }
        JSON.writeValue(dir.resolve(NUMERIC_FILE).toFile(), Map.of("clip", CLIP, "numeric", numeric));
    }

    static FeatureEncoding read(Path dir, FeatureSchema schema) throws IOException {
        var vocab = new ArrayList<Vocabulary>();
        for (int f = 0; f < schema.categorical().size(); f++) {
            vocab.add(Vocabulary.read(dir.resolve(vocabularyFile(f, schema.categorical().get(f)))));
        }
        var tree = JSON.readTree(dir.resolve(NUMERIC_FILE).toFile()).get("numeric");
        int n = schema.numeric().size();
        if (tree == null || tree.size() != n) throw new IOException(dir + ": " + NUMERIC_FILE + " does not list the schema's " + n + " numeric fields");
        float[] mean = new float[n], std = new float[n];
        for (int f = 0; f < n; f++) {
            var node = tree.get(f);
            if (!schema.numeric().get(f).equals(node.get("name").asText())) {
                throw new IOException(dir + ": " + NUMERIC_FILE + " field " + f + " is '" + node.get("name").asText()
                        + "', the schema says '" + schema.numeric().get(f) + "'");
            }
            mean[f] = Float.parseFloat(node.get("mean").decimalValue().toString());
            std[f] = Float.parseFloat(node.get("std").decimalValue().toString());
        }
        return new FeatureEncoding(schema, vocab, mean, std);
    }
}
