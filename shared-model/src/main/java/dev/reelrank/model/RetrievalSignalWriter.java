package dev.reelrank.model;

import dev.reelrank.proto.v1.VideoPublished;

/**
 * Write side of {@link RetrievalSignals}. Like {@link FeatureWriter}, only embedding-refresh
 * writes through it. Every method is idempotent for a replayed event except
 * {@link #addTrending}, whose counts are approximate by nature.
 */
public interface RetrievalSignalWriter {

    /** Adds a published video to its channel's uploads and to the fresh lists of its category, language and region. */
    void recordUpload(VideoPublished video);

    /**
     * Adds engagement to the video's trending count in each scope (regions and/or
     * {@link Popularity#GLOBAL}), in the current time bucket. Blank scopes are ignored.
     */
    void addTrending(String videoId, double weight, String... scopes);
}
