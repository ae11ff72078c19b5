package dev.reelrank.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Softmax cross-entropy over sampled candidates, written by hand (DJL's built-in losses have
 * sign traps, see platform notes) and tested on a hand-computed example.
 *
 * <p>Row i of a batch has B + N candidate videos: the batch's B positives (column i is its own
 * positive, the others are in-batch negatives) followed by N negatives sampled from the
 * popularity distribution. Popular videos appear as negatives far more often than they would
 * under a uniform softmax, which would teach the model to push them down; the logQ correction
 * subtracts log of each candidate's expected count among the candidates, so the sampled softmax
 * estimates the full one:
 *
 * <pre>
 *   logit[i,j] = (u_i · v_j) / temperature − logQ[j] − (mask[i,j] ? ∞ : 0)
 *   loss      = mean_i ( logsumexp_j logit[i,j] − logit[i,i] )
 * </pre>
 *
 * mask[i,j] drops accidental hits: a "negative" that is the row's own positive video.
 */
public final class SampledSoftmaxLoss {
    /** Large enough to remove a candidate from the softmax, small enough to stay finite in float32. */
    static final float MASKED = 1e9f;

    private SampledSoftmaxLoss() {}

    /**
     * @param users  [B, d] user vectors
     * @param videos [B + N, d] candidate video vectors, positives first
     * @param logQ   [B + N] log expected count of each candidate
     * @param mask   [B, B + N] 1 where the candidate must be ignored, else 0
     * @return the scalar mean loss
     */
    public static NDArray loss(NDArray users, NDArray videos, NDArray logQ, NDArray mask, float temperature) {
        long b = users.getShape().get(0);
        NDArray logits = users.matMul(videos.transpose()).div(temperature)
                .sub(logQ.reshape(new Shape(1, -1)))
                .sub(mask.mul(MASKED));
        NDArray logProb = logits.logSoftmax(1);
        NDArray diagonal = logProb.get(":, :" + b).mul(users.getManager().eye((int) b)).sum(new int[] {1});
        return diagonal.mean().neg();
    }

    /**
     * The logQ correction: the candidate's expected number of appearances among one row's
     * candidates, B·q + N·p, where q is its share of the positives (in-batch negatives are other
     * rows' positives) and p its probability under the negative sampler.
     */
    public static float logQ(double positiveShare, double samplingProbability, int batch, int negatives) {
        double expected = batch * positiveShare + negatives * samplingProbability;
        return (float) Math.log(Math.max(expected, 1e-12));
    }

    /**
     * The correction actually subtracted: {@code weight · logQ}. Weight 1 makes the sampled softmax
     * estimate the full one, so u·v keeps each video's popularity as it is in the log; 0 leaves the
     * in-batch negatives' popularity penalty in place (u·v learns popularity-free affinity); above 1
     * pushes popular videos up further (see {@link TrainOptions#logQWeight()}).
     */
    public static float correction(double weight, double positiveShare, double samplingProbability, int batch, int negatives) {
        return (float) (weight * logQ(positiveShare, samplingProbability, batch, negatives));
    }
}
