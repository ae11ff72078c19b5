package dev.reelrank.model;

import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;

/** What a {@code video.published} makes of a video's features: its metadata, counters all zero. */
public final class VideoMetadata {
    private VideoMetadata() {}

    /**
     * The static part of the online VideoFeatures, as the feature store holds it after the event:
     * what the video tower reads of a new upload, and of the catalogue offline.
     */
    public static VideoFeatures features(VideoPublished p) {
        var b = VideoFeatures.newBuilder().setVideoId(p.getVideoId()).setChannelId(p.getChannelId()).setTitle(p.getTitle())
                .setCategory(p.getCategory()).addAllTags(p.getTagsList()).setLanguage(p.getLanguage()).setRegion(p.getRegion())
                .setDurationSeconds(p.getDurationSeconds());
        if (p.hasPublishedAt()) b.setPublishedAt(p.getPublishedAt());
        return b.build();
    }
}
