package dev.reelrank.pipeline.datasets;

import java.nio.file.Path;

/** What an importer wrote. {@code skipped} counts input rows that could not be mapped (reported, never silent). */
public record ImportResult(Path dir, int users, int videos, long interactions, long skipped) {
    @Override
    public String toString() {
        return String.format("%s: %,d users, %,d videos, %,d interactions (%,d input rows skipped)", dir, users, videos, interactions, skipped);
    }
}
