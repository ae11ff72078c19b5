package dev.reelrank.retrieval;

import dev.reelrank.proto.v1.VideoFeatures;
import java.util.List;

/** The video side of a two-tower model (seed vectors, re-embedding the catalogue). Thread-safe. */
public interface VideoTower {
    String version();

    /** One unit-length vector per video, in order. */
    float[][] embed(List<VideoFeatures> videos);
}
