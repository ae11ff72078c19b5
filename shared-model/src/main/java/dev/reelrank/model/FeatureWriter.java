package dev.reelrank.model;

import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoPublished;

/**
 * Write side of the feature store. Exactly one function writes through it
 * (embedding-refresh), so a user's read-modify-write is safe: the interactions topic is keyed
 * by user and one partition is consumed by one thread.
 */
public interface FeatureWriter {
    void upsertVideo(VideoPublished video);

    /** Adds counters to a video (counters commute, so concurrent partitions may add at once). */
    void addVideoStats(String videoId, VideoStatsDelta delta);

    /** Adds engagement to the video's popularity in the given scopes (global, region). */
    void addPopularity(String videoId, double weight, String... scopes);

    void putUser(UserFeatures user);

    void appendHistory(String userId, HistoryEntry entry);

    /** Several entries of one user, oldest or newest first (rows are keyed by their own time). */
    default void appendHistory(String userId, java.util.List<HistoryEntry> entries) {
        for (HistoryEntry e : entries) appendHistory(userId, e);
    }
}
