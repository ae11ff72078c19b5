package dev.reelrank.streamingfeatures;

/**
 * A video's forward-decayed trending score in one scope ({@code global} or a region): the log2 sum
 * of {@link ForwardDecay}, an absolute value from state.
 */
public record TrendScore(String scope, String videoId, double logScore) {
}
