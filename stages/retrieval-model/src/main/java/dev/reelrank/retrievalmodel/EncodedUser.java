package dev.reelrank.retrievalmodel;

/**
 * The user tower's input for one user, as dense ids and pooling weights. Arrays have the fixed
 * lengths of the {@link ModelConfig}; unused slots hold id 0 with weight 0.
 */
public record EncodedUser(int[] history, float[] historyWeights, int[] channels, float[] channelWeights,
                          int[] categories, float[] categoryWeights, int region, int device) {

    /** Number of slots with a non-zero weight in {@code w}. */
    public static int used(float[] w) {
        int n = 0;
        for (float x : w) if (x != 0f) n++;
        return n;
    }
}
