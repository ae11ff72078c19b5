package dev.reelrank.vectorindex.bench;

import org.HdrHistogram.Histogram;

/** One row of the comparison table. */
record BenchResult(String what, String params, double buildSeconds, double bytesPerVector,
                   Histogram latencyMicros, double recall) {

    double medianMs() {
        return latencyMicros.getValueAtPercentile(50) / 1000.0;
    }

    double p99Ms() {
        return latencyMicros.getValueAtPercentile(99) / 1000.0;
    }

    String row(double exactMedianMs) {
        return String.format("| %s | %s | %s | %s | %.2f / %.2f | %.3f | %.1fx |", what, params,
                buildSeconds > 0 ? String.format("%.1f s", buildSeconds) : "—",
                bytesPerVector > 0 ? String.format("%.0f", bytesPerVector) : "—",
                medianMs(), p99Ms(), recall, exactMedianMs / medianMs());
    }

    static String header(int recallAt) {
        return "| what | params | build | bytes/vector on disk | median / p99 ms | recall@" + recallAt + " | speed-up vs exact |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |";
    }
}
