package dev.reelrank.streamingfeatures;

/** One interaction's weight towards a video's trending score in one scope. */
public record TrendContribution(String scope, String videoId, double weight, long atMillis) {
    /** The key of the trending state: scope and video (ids hold no newline). */
    public String key() {
        return scope + '\n' + videoId;
    }
}
