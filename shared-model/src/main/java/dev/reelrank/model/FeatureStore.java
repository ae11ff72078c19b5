package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Read side of the online feature store (Redis cache in front of Cassandra). */
public interface FeatureStore {
    Optional<UserFeatures> user(String userId);

    /** Features of the videos that are known; unknown ids are simply absent from the map. */
    Map<String, VideoFeatures> videos(Collection<String> videoIds);

    /**
     * Known videos' metadata (channel, category, language, tags, region, duration, published time);
     * counters and windows may be unset or stale. In input order, unknown ids absent. For callers
     * that read no counters (content filters, channel look-ups, the user fold): a store may answer
     * them more cheaply than {@link #videos} (one Cassandra read per video instead of three).
     * Decorators that delegate {@link #videos} should delegate this too, or they lose that.
     */
    default Map<String, VideoFeatures> videoMetadata(Collection<String> videoIds) {
        return videos(videoIds);
    }
}
