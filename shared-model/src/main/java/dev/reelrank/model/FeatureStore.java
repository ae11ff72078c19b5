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
}
