package dev.reelrank.retrievalmodel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * metadata.json of a two-tower artifact: what the model is, what it was trained on and how, how
 * well it did, and the training distribution of every input feature (the reference a drift
 * monitor compares live traffic against, see {@link FeatureStatistics}).
 *
 * @param format               artifact format, bumped when the layout changes
 * @param dataWindow           dataset, the time span of the training and validation events, counts
 * @param hyperParameters      training options (epochs, batch, negatives, temperature, learning rate, ...)
 * @param metrics              validation recall@K per epoch and at the end, losses, timings
 * @param featureDistributions per input feature: frequencies or histograms over the training examples
 * @param producedBy           the exact commands that produced the dataset and the model
 * @param files                name → {bytes, sha256} of the artifact's files, checked on load
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(String format, String version, String createdAt, ModelConfig config,
                            Map<String, Object> dataWindow, Map<String, Object> hyperParameters,
                            Map<String, Object> metrics, Map<String, Object> featureDistributions,
                            Map<String, Object> producedBy, Map<String, Map<String, Object>> files) {

    public static final String FORMAT = "reelrank-two-tower/1";
    public static final String FILE = "metadata.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelMetadata withVersion(String v) {
        return new ModelMetadata(format, v, createdAt, config, dataWindow, hyperParameters, metrics, featureDistributions, producedBy, files);
    }

    ModelMetadata withFiles(Map<String, Map<String, Object>> f) {
        return new ModelMetadata(format, version, createdAt, config, dataWindow, hyperParameters, metrics, featureDistributions, producedBy, f);
    }

    ModelMetadata withConfig(ModelConfig c) {
        return new ModelMetadata(format, version, createdAt, c, dataWindow, hyperParameters, metrics, featureDistributions, producedBy, files);
    }

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static ModelMetadata read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), ModelMetadata.class);
    }

    /** Minimal metadata for a model that was never trained (tests, baselines). */
    public static ModelMetadata untrained(String version, ModelConfig config) {
        return new ModelMetadata(FORMAT, version, java.time.Instant.now().toString(), config, Map.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), null);
    }
}
