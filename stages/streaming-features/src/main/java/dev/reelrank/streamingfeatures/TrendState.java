package dev.reelrank.streamingfeatures;

/** One (scope, video)'s trending state: the forward-decay log score and the flush flag. POJO for Flink. */
public final class TrendState {
    public double logScore = ForwardDecay.EMPTY;
    public boolean dirty;
    /** The newest event time added (epoch ms); the state is dropped once it has decayed to nothing. */
    public long newestMillis = Long.MIN_VALUE;

    public TrendState() {}
}
