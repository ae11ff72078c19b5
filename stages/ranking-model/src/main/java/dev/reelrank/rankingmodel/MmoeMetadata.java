package dev.reelrank.rankingmodel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reelrank.model.ranking.FeatureSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * metadata.json of an MMoE artifact: what the model reads and predicts, how it was built and
 * trained, how well it did on held-out rows, and every feature's training distribution (the
 * reference for drift monitoring, see {@link FeatureDistributions}).
 *
 * @param format               artifact layout, bumped when it changes
 * @param schema               the feature columns, in order; serving refuses rows (and callers can refuse models) that differ
 * @param objectives           output columns of {@code predict}
 * @param config               network shape and training hyperparameters (JSON: {@code hyperparameters})
 * @param watchRatioCap        the watch head's upper bound actually used (config's, or the largest training label)
 * @param data                 row counts, time span and how the validation rows were chosen
 * @param metrics              validation metrics of the kept epoch, per-epoch history, baselines, timings
 * @param featureDistributions per feature: training distribution
 * @param labelDistributions   click rate and the watch ratio of clicked training rows
 * @param producedBy           java and engine versions
 * @param files                name → {bytes, sha256} of the artifact's other files, checked on load
 * @param retrievalSimilarity  the two-tower version whose similarity filled the {@code x_similarity} columns in
 *                             training (format {@link #FORMAT_SIMILARITY}); null: the columns were empty (format
 *                             {@link #FORMAT}, every model trained before the feature was wired), and serving keeps them so
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MmoeMetadata(String format, String version, String createdAt, FeatureSchema schema, List<String> objectives,
                           @JsonProperty("hyperparameters") MmoeConfig config, float watchRatioCap, Map<String, Object> data, Map<String, Object> metrics,
                           Map<String, Object> featureDistributions, Map<String, Object> labelDistributions,
                           Map<String, Object> producedBy, Map<String, Map<String, Object>> files,
                           RetrievalSimilarity retrievalSimilarity) {

    /** Models whose similarity columns are empty (trained without the feature). */
    public static final String FORMAT = "reelrank-mmoe/1";
    /**
     * Models that read the two-tower similarity. A format of its own so that a re-ranking built before
     * the feature (which accepts only {@link #FORMAT} and never fills the columns) refuses such a model
     * instead of serving it with the feature missing on every row.
     */
    public static final String FORMAT_SIMILARITY = "reelrank-mmoe/2";

    /**
     * Where a model's similarity column came from.
     *
     * @param retrievalVersion the two-tower version whose user and video vectors were compared
     * @param score            how: the inner product of the towers' unit vectors (their cosine), ANN's own score
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RetrievalSimilarity(String retrievalVersion, String score) {
        public static final String DOT = "dot product of the two towers' L2-normalized vectors (cosine), as ANN scores";

        public static RetrievalSimilarity of(String retrievalVersion) {
            return new RetrievalSimilarity(retrievalVersion, DOT);
        }
    }
    public static final String FILE = "metadata.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Metadata of a model that was never trained (tests, latency harness). */
    public static MmoeMetadata untrained(String version, FeatureSchema schema, MmoeConfig config, float watchRatioCap) {
        return new MmoeMetadata(FORMAT, version, Instant.now().toString(), schema, MmoeModel.OBJECTIVES, config, watchRatioCap,
                Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null, null);
    }

    MmoeMetadata withFiles(Map<String, Map<String, Object>> f) {
        return new MmoeMetadata(format, version, createdAt, schema, objectives, config, watchRatioCap, data, metrics,
                featureDistributions, labelDistributions, producedBy, f, retrievalSimilarity);
    }

    /** This metadata saying the similarity columns were filled from {@code s} (null: empty), in the matching format. */
    MmoeMetadata withRetrievalSimilarity(RetrievalSimilarity s) {
        return new MmoeMetadata(s == null ? FORMAT : FORMAT_SIMILARITY, version, createdAt, schema, objectives, config, watchRatioCap,
                data, metrics, featureDistributions, labelDistributions, producedBy, files, s);
    }

    /** Whether the model reads the two-tower similarity (see {@code RankingModel.readsSimilarity}). */
    public boolean readsSimilarity() {
        return retrievalSimilarity != null;
    }

    /** Refuses a format this code cannot serve, or a format that disagrees with {@link #retrievalSimilarity}. */
    void checkFormat(Path dir) throws IOException {
        boolean known = FORMAT.equals(format) || FORMAT_SIMILARITY.equals(format);
        if (!known) {
            throw new IOException(dir + ": unsupported model format '" + format + "' (expected " + FORMAT + " or " + FORMAT_SIMILARITY + ")");
        }
        if (FORMAT_SIMILARITY.equals(format) != readsSimilarity()) {
            throw new IOException(dir + ": format " + format + (readsSimilarity() ? " with" : " without")
                    + " retrievalSimilarity: " + FORMAT_SIMILARITY + " models name the two-tower version of their similarity column, "
                    + FORMAT + " models none");
        }
    }

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static MmoeMetadata read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), MmoeMetadata.class);
    }
}
