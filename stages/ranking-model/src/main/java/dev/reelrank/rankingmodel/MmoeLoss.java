package dev.reelrank.rankingmodel;

import ai.djl.ndarray.NDArray;

/**
 * The two training losses, written by hand on logits (DJL 0.36's sigmoid cross-entropy with
 * {@code fromSigmoid=true} lacks its minus sign, see the platform notes) and tested on hand-computed
 * values.
 *
 * <p>Click: binary cross-entropy on the click logit over every impression.
 *
 * <p>Watch: the head predicts the expected watch ratio <em>given a play</em>, so the ranking score
 * pCTR × E[ratio | play] × duration is expected watch seconds per impression without counting the
 * click twice; its loss therefore only sees clicked rows. Its output is {@code cap · sigmoid(z)},
 * trained with cross-entropy against the fractional target {@code ratio / cap}: that loss is
 * minimized by the conditional mean (so the output is an expected ratio, not a median), its
 * gradients have the same scale as the click head's (so a weight of 1 is a sane default), and the
 * prediction can never leave [0, cap], so one odd candidate cannot dominate a product score the way
 * an unbounded softplus/MSE head could.
 */
public final class MmoeLoss {
    private MmoeLoss() {}

    /** Per-row {@code -(y·log σ(z) + (1-y)·log(1-σ(z)))} in the overflow-free form {@code max(z,0) - z·y + log(1+e^{-|z|})}. */
    public static NDArray crossEntropyWithLogits(NDArray logits, NDArray targets) {
        return logits.maximum(0f).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log());
    }

    /** Mean click cross-entropy. */
    public static NDArray click(NDArray logits, NDArray clicks) {
        return crossEntropyWithLogits(logits, clicks).mean();
    }

    /**
     * Mean fractional cross-entropy of the watch head over the rows with {@code weights} 1 (the
     * clicked ones); 0 when the batch has none.
     *
     * @param targets watch ratio / cap, already clipped to [0, 1]
     */
    public static NDArray watch(NDArray logits, NDArray targets, NDArray weights) {
        NDArray perRow = crossEntropyWithLogits(logits, targets).mul(weights);
        return perRow.sum().div(weights.sum().maximum(1f));
    }

    /** The training objective: click loss + weight × watch loss. */
    public static NDArray total(NDArray clickLogits, NDArray clicks, NDArray watchLogits, NDArray watchTargets, float watchWeight) {
        NDArray c = click(clickLogits, clicks);
        return watchWeight == 0f ? c : c.add(watch(watchLogits, watchTargets, clicks).mul(watchWeight));
    }

    static float sigmoid(float z) {
        return z >= 0 ? 1f / (1f + (float) Math.exp(-z)) : (float) (Math.exp(z) / (1 + Math.exp(z)));
    }
}
