package dev.reelrank.featurestore;

import dev.reelrank.model.RetrievalSignals.FreshScope;
import dev.reelrank.proto.v1.VideoPublished;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@code video.published} adds to the retrieval signals: the video in its channel's uploads
 * and in the fresh list of each scope it has, at its publish time. One derivation for the live
 * writer and the back-fill, so both write the same rows and sets.
 *
 * @param channelId   null when the video names no channel (then there is no channel upload)
 * @param publishedAt the video's publish time, or the writer's clock when it carries none (a video
 *                    without a publish time is as fresh as the moment it is first stored)
 * @param freshScopes the fresh lists it belongs to: category, language and region, each when not blank
 */
public record VideoUpload(String videoId, String channelId, Instant publishedAt, Map<FreshScope, String> freshScopes) {
    public VideoUpload {
        if (videoId == null || videoId.isBlank()) throw new IllegalArgumentException("videoId is required");
        Objects.requireNonNull(publishedAt, "publishedAt");
        var ordered = new EnumMap<FreshScope, String>(FreshScope.class);
        ordered.putAll(freshScopes);
        freshScopes = java.util.Collections.unmodifiableMap(ordered);
    }

    public static VideoUpload of(VideoPublished video, Clock clock) {
        Instant published = video.hasPublishedAt()
                ? Instant.ofEpochSecond(video.getPublishedAt().getSeconds(), video.getPublishedAt().getNanos()) : clock.instant();
        String channel = video.getChannelId().isBlank() ? null : video.getChannelId();
        return new VideoUpload(video.getVideoId(), channel, published, freshScopes(video));
    }

    /** In {@link FreshScope} order (category, language, region): the order the writers send them in. */
    public static Map<FreshScope, String> freshScopes(VideoPublished video) {
        var scopes = new EnumMap<FreshScope, String>(FreshScope.class);
        if (!video.getCategory().isBlank()) scopes.put(FreshScope.CATEGORY, video.getCategory());
        if (!video.getLanguage().isBlank()) scopes.put(FreshScope.LANGUAGE, video.getLanguage());
        if (!video.getRegion().isBlank()) scopes.put(FreshScope.REGION, video.getRegion());
        return scopes;
    }
}
