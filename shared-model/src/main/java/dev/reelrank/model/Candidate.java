package dev.reelrank.model;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A video proposed for a feed. {@code score} is whatever the last stage that touched it
 * produced (retrieval similarity, popularity, or ranking score); {@code sources} names every
 * candidate source that proposed it, first one first. The score a feed serves is derived from the
 * order instead (see {@link FeedItem}): the sources' scores are not comparable with one another.
 */
public record Candidate(String videoId, String channelId, double score, Set<String> sources) {
    public Candidate {
        Objects.requireNonNull(videoId, "videoId");
        sources = Collections.unmodifiableSet(new LinkedHashSet<>(sources));
    }

    public static Candidate of(String videoId, String channelId, double score, String source) {
        return new Candidate(videoId, channelId, score, Set.of(source));
    }

    public Candidate withScore(double newScore) {
        return new Candidate(videoId, channelId, newScore, sources);
    }

    public Candidate withChannel(String channel) {
        return new Candidate(videoId, channel, score, sources);
    }

    /** The source a client sees: the first that proposed the video. */
    public String primarySource() {
        return sources.isEmpty() ? "unknown" : sources.iterator().next();
    }

    /** Same video from two sources: keep the better score, remember both sources. */
    public Candidate mergedWith(Candidate other) {
        if (!videoId.equals(other.videoId)) {
            throw new IllegalArgumentException("cannot merge " + videoId + " with " + other.videoId);
        }
        var merged = new LinkedHashSet<>(sources);
        merged.addAll(other.sources);
        return new Candidate(videoId, channelId != null ? channelId : other.channelId,
                Math.max(score, other.score), merged);
    }
}
