package dev.reelrank.rankingmodel;

import java.util.List;

/**
 * Shape of the MMoE network, how its inputs are encoded and how it is trained. Saved in
 * metadata.json: a model is rebuilt from it on load, so the network fields must never change
 * meaning between artifact format versions.
 *
 * @param embeddingDim        width of every categorical field's embedding
 * @param experts             number of shared experts
 * @param expertHidden        widths of each expert's layers (ReLU after each); the last is the expert's output width
 * @param towerHidden         hidden widths of each task tower before its single output unit
 * @param learningRate        Adam's step size
 * @param epochs              maximum passes over the training rows
 * @param batchSize           training minibatch size
 * @param watchLossWeight     weight of the watch-ratio loss against the click loss
 * @param watchRatioCap       the watch head predicts in [0, cap]; 0 takes the largest training label
 *                            (the feature assembly already caps the ratio, so that is its cap)
 * @param minCount            a categorical value needs this many training rows to get its own embedding row
 * @param maxVocabulary       per field, at most this many ids including the out-of-vocabulary one
 * @param validationFraction  when no validation set is given, the latest share of rows (by time) held out
 * @param patience            stop after this many epochs without a better validation loss
 * @param seed                parameter initialization and shuffling
 */
public record MmoeConfig(int embeddingDim, int experts, List<Integer> expertHidden, List<Integer> towerHidden,
                         float learningRate, int epochs, int batchSize, float watchLossWeight, float watchRatioCap,
                         int minCount, int maxVocabulary, double validationFraction, int patience, long seed) {

    public static final MmoeConfig DEFAULTS = new MmoeConfig(16, 4, List.of(64, 32), List.of(16), 1e-3f, 10, 256,
            1f, 0f, 5, 100_000, 0.1, 2, 42);

    public MmoeConfig {
        expertHidden = List.copyOf(expertHidden);
        towerHidden = List.copyOf(towerHidden);
        if (embeddingDim < 1) throw new IllegalArgumentException("embeddingDim must be >= 1, was " + embeddingDim);
        if (experts < 1) throw new IllegalArgumentException("experts must be >= 1, was " + experts);
        if (expertHidden.isEmpty()) throw new IllegalArgumentException("expertHidden needs at least one layer width");
        for (int w : expertHidden) if (w < 1) throw new IllegalArgumentException("expertHidden widths must be >= 1: " + expertHidden);
        for (int w : towerHidden) if (w < 1) throw new IllegalArgumentException("towerHidden widths must be >= 1: " + towerHidden);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        if (epochs < 1 || batchSize < 1 || patience < 1) throw new IllegalArgumentException("epochs, batchSize and patience must be >= 1");
        if (!(watchLossWeight >= 0)) throw new IllegalArgumentException("watchLossWeight must be >= 0, was " + watchLossWeight);
        if (!(watchRatioCap >= 0)) throw new IllegalArgumentException("watchRatioCap must be >= 0 (0 = from the data), was " + watchRatioCap);
        if (minCount < 1 || maxVocabulary < 1) throw new IllegalArgumentException("minCount and maxVocabulary must be >= 1");
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), was " + validationFraction);
        }
    }

    public static MmoeConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    int expertOutput() {
        return expertHidden.getLast();
    }

    /** Records with fourteen components are unreadable to construct positionally; this names them. */
    public static final class Builder {
        private int embeddingDim, experts, epochs, batchSize, minCount, maxVocabulary, patience;
        private List<Integer> expertHidden, towerHidden;
        private float learningRate, watchLossWeight, watchRatioCap;
        private double validationFraction;
        private long seed;

        private Builder(MmoeConfig c) {
            embeddingDim = c.embeddingDim; experts = c.experts; expertHidden = c.expertHidden; towerHidden = c.towerHidden;
            learningRate = c.learningRate; epochs = c.epochs; batchSize = c.batchSize; watchLossWeight = c.watchLossWeight;
            watchRatioCap = c.watchRatioCap; minCount = c.minCount; maxVocabulary = c.maxVocabulary;
            validationFraction = c.validationFraction; patience = c.patience; seed = c.seed;
        }

        public Builder embeddingDim(int v) { embeddingDim = v; return this; }
        public Builder experts(int v) { experts = v; return this; }
        public Builder expertHidden(Integer... v) { expertHidden = List.of(v); return this; }
        public Builder towerHidden(Integer... v) { towerHidden = List.of(v); return this; }
        public Builder learningRate(float v) { learningRate = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder watchLossWeight(float v) { watchLossWeight = v; return this; }
        public Builder watchRatioCap(float v) { watchRatioCap = v; return this; }
        public Builder minCount(int v) { minCount = v; return this; }
        public Builder maxVocabulary(int v) { maxVocabulary = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public MmoeConfig build() {
            return new MmoeConfig(embeddingDim, experts, expertHidden, towerHidden, learningRate, epochs, batchSize,
                    watchLossWeight, watchRatioCap, minCount, maxVocabulary, validationFraction, patience, seed);
        }
    }
}
