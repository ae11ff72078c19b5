package dev.reelrank.model;

import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Set;

/**
 * What one request asks to leave out of its answer: the videos the client already shows
 * ({@code exclude=}), and constraints on content ({@code category=}, {@code language=},
 * {@code maxDurationSeconds=}). Every path of the pipeline honours it, fallbacks included: a client
 * that asked for one category must never be shown another because ranking timed out.
 *
 * <p>A content constraint is tested against the video's features; a video whose features are
 * unknown is refused, since nothing says it matches. Category and language compare exactly, the
 * way the vector index's payload filters do, so a video kept by the index is kept here too.
 *
 * @param excludedVideoIds   never served; empty: none
 * @param category           the only category served, or null for any
 * @param language           the only language served, or null for any
 * @param maxDurationSeconds the longest video served, or 0 for any length
 */
public record FeedFilter(Set<String> excludedVideoIds, String category, String language, int maxDurationSeconds) {
    public static final FeedFilter NONE = new FeedFilter(Set.of(), null, null, 0);

    public FeedFilter {
        excludedVideoIds = excludedVideoIds == null ? Set.of() : Set.copyOf(excludedVideoIds);
        if (category != null && category.isBlank()) throw new IllegalArgumentException("category must not be blank");
        if (language != null && language.isBlank()) throw new IllegalArgumentException("language must not be blank");
        if (maxDurationSeconds < 0) throw new IllegalArgumentException("maxDurationSeconds must be >= 0, was " + maxDurationSeconds);
    }

    public static FeedFilter excluding(Set<String> videoIds) {
        return new FeedFilter(videoIds, null, null, 0);
    }

    public boolean isNone() {
        return excludedVideoIds.isEmpty() && !constrainsContent();
    }

    /** True when a video can only be admitted by reading its features. */
    public boolean constrainsContent() {
        return category != null || language != null || maxDurationSeconds > 0;
    }

    public boolean excludes(String videoId) {
        return excludedVideoIds.contains(videoId);
    }

    /**
     * Whether a video with these features may be served, exclusions aside.
     *
     * @param video its features, or null when unknown (refused whenever content is constrained)
     */
    public boolean admitsContent(VideoFeatures video) {
        if (!constrainsContent()) return true;
        if (video == null) return false;
        if (category != null && !category.equals(video.getCategory())) return false;
        if (language != null && !language.equals(video.getLanguage())) return false;
        // A duration of 0 means the publisher did not say: it cannot be shown to fit.
        return maxDurationSeconds == 0 || (video.getDurationSeconds() > 0 && video.getDurationSeconds() <= maxDurationSeconds);
    }

    /**
     * The part the vector index can apply during its search (category, language); the duration is
     * not in the index's payload and is checked after retrieval.
     */
    public VectorIndex.Filter indexFilter() {
        if (category == null && language == null) return VectorIndex.Filter.NONE;
        return new VectorIndex.Filter(null, language == null ? null : Set.of(language),
                category == null ? null : Set.of(category), null);
    }
}
