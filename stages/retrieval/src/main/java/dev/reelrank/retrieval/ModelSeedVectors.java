package dev.reelrank.retrieval;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A seed's vector computed by the video tower from its features: works for any video the
 * feature store knows, including one uploaded a second ago that no index holds yet. Only when
 * the tower's version is the served one.
 */
public final class ModelSeedVectors implements SeedVectors {
    private final FeatureStore features;
    private final VideoTower tower;
    private final String servedVersion;

    public ModelSeedVectors(FeatureStore features, VideoTower tower, String servedVersion) {
        this.features = Objects.requireNonNull(features, "features");
        this.tower = Objects.requireNonNull(tower, "tower");
        this.servedVersion = Objects.requireNonNull(servedVersion, "servedVersion");
    }

    @Override
    public Optional<float[]> of(String videoId) {
        if (!servedVersion.equals(tower.version())) return Optional.empty();
        VideoFeatures v = features.videos(List.of(videoId)).get(videoId);
        if (v == null) return Optional.empty();
        return Optional.of(tower.embed(List.of(v))[0]);
    }
}
