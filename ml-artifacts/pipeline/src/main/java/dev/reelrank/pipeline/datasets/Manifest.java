package dev.reelrank.pipeline.datasets;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a dataset folder holds and how it was made (manifest.json).
 *
 * @param kind               "generated" or "imported"
 * @param eventSource        CloudEvents source used when the folder is streamed to the event API
 * @param parameters         generator or importer options, enough to reproduce the folder
 * @param hasTimestamps      false when occurred_at_ms is empty (then splits are random per user)
 * @param hasImpressions     true when impressions (and so clicks on them) are logged
 * @param positiveWatchRatio a watch counts as a positive label at watch_seconds / duration >= this
 *                           (likes and shares are always positive); null: no watch is positive
 * @param labels             the positive label in words, for reports
 * @param truth              null for real data; for the generated world, the affinity formula and files
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String name, String kind, String eventSource, String createdBy,
                       Map<String, Object> parameters, Long seed, Map<String, Long> counts,
                       boolean hasTimestamps, boolean hasImpressions, boolean hasRegions,
                       Double positiveWatchRatio, String labels, Map<String, Object> truth) {

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(DatasetFiles.MANIFEST).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest read(Path dir) {
        Path file = dir.resolve(DatasetFiles.MANIFEST);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(dir + " is not a dataset folder: no " + DatasetFiles.MANIFEST
                    + " (create one with scripts/generate or scripts/import)");
        }
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
