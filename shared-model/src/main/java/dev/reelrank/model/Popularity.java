package dev.reelrank.model;

import java.util.List;

/**
 * Engagement-weighted popularity of videos, globally or per region. Backed by the feature
 * store; the feed's fallback when nothing personal is available.
 */
public interface Popularity {
    /** Scope for the whole catalogue; region scopes are ISO 3166-1 alpha-2 codes. */
    String GLOBAL = "global";

    List<ScoredVideo> top(String scope, int n);

    record ScoredVideo(String videoId, double score) {}
}
