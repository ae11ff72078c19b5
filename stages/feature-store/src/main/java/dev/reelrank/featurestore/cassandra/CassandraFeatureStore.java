package dev.reelrank.featurestore.cassandra;

import dev.reelrank.featurestore.Await;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads straight from Cassandra, skipping the cache. For read-modify-write of a user's features
 * (embedding-refresh folds each interaction into the current value): the Redis copy may be behind
 * when a refresh failed while Redis stayed readable, and folding onto it would silently drop
 * updates from the durable value. Serving uses {@link dev.reelrank.featurestore.tiered.TieredFeatureStore}.
 */
public final class CassandraFeatureStore implements FeatureStore {
    private final CassandraFeatures cassandra;

    public CassandraFeatureStore(CassandraFeatures cassandra) {
        this.cassandra = Objects.requireNonNull(cassandra, "cassandra");
    }

    @Override
    public Optional<UserFeatures> user(String userId) {
        return Await.result(cassandra.users().user(userId));
    }

    @Override
    public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
        return Await.result(cassandra.videos().videos(videoIds));
    }

    /** The {@code video_features} rows alone: one statement per video instead of three. */
    @Override
    public Map<String, VideoFeatures> videoMetadata(Collection<String> videoIds) {
        return Await.result(cassandra.videos().metadata(videoIds));
    }
}
