package dev.reelrank.functions.eventingestion;

/** What one request may carry; both overflows answer 413. */
public record IngestionLimits(long maxBodyBytes, int maxBatchSize) {
    public IngestionLimits {
        if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes must be > 0");
        if (maxBatchSize <= 0) throw new IllegalArgumentException("maxBatchSize must be > 0");
    }
}
