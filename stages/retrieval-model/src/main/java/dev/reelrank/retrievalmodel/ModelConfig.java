package dev.reelrank.retrievalmodel;

/**
 * The shape of the two-tower network and of its inputs. Saved in metadata.json; a model can
 * only be loaded with the configuration it was trained with.
 *
 * @param dimension          length of the L2-normalized user and video vectors (the ANN index's dimension)
 * @param idEmbeddingDim     width of the video-id, channel and category embeddings (shared by both towers)
 * @param tagEmbeddingDim    width of the hashed-tag embeddings
 * @param smallEmbeddingDim  width of language, region, device, duration and age embeddings
 * @param hiddenUnits        width of each tower's hidden layer
 * @param historyLength      how many of the user's most recent interactions the user tower reads
 * @param channelAffinities  how many top channels (by affinity) the user tower reads
 * @param categoryAffinities how many top categories (by affinity) the user tower reads
 * @param maxTags            how many tags of a video are read (the rest are ignored)
 * @param tagBuckets         number of hash buckets for tags (bucket 0 is padding)
 */
public record ModelConfig(int dimension, int idEmbeddingDim, int tagEmbeddingDim, int smallEmbeddingDim,
                          int hiddenUnits, int historyLength, int channelAffinities, int categoryAffinities,
                          int maxTags, int tagBuckets) {

    public static final ModelConfig DEFAULTS = new ModelConfig(64, 32, 16, 8, 128, 50, 20, 10, 10, 2048);

    public ModelConfig {
        if (dimension < 2) throw new IllegalArgumentException("dimension must be >= 2, was " + dimension);
        if (idEmbeddingDim < 1 || tagEmbeddingDim < 1 || smallEmbeddingDim < 1 || hiddenUnits < 1) {
            throw new IllegalArgumentException("embedding widths and hiddenUnits must be >= 1");
        }
        if (historyLength < 1 || channelAffinities < 1 || categoryAffinities < 1 || maxTags < 1) {
            throw new IllegalArgumentException("historyLength, channelAffinities, categoryAffinities and maxTags must be >= 1");
        }
        if (tagBuckets < 2) throw new IllegalArgumentException("tagBuckets must be >= 2, was " + tagBuckets);
    }

    public ModelConfig withDimension(int d) {
        return new ModelConfig(d, idEmbeddingDim, tagEmbeddingDim, smallEmbeddingDim, hiddenUnits, historyLength,
                channelAffinities, categoryAffinities, maxTags, tagBuckets);
    }
}
