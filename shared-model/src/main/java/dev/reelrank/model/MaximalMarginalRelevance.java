package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-orders the head of a ranked list by maximal marginal relevance: each next place goes to the
 * candidate with the highest
 * <pre>  λ · relevance − (1 − λ) · max(0, max cosine to the candidates already placed) − channelPenalty · [same channel as one of the last channelGap placed]</pre>
 * so near-duplicates of what is already on the page (by the retrieval model's video embeddings)
 * and runs of one channel give way to the next best different video.
 *
 * <p>Only the first {@code limit × windowFactor} candidates are considered and only the first
 * {@code limit} places are chosen: the cost is {@code limit × window} dot products, and a video far
 * down the ranking is not worth pulling onto the page for variety alone. The rest of the window
 * and everything below it keep their order.
 *
 * <p>Relevance is the ranker's score as it would be served (never rising down the list, see
 * {@link #normalisedScores}) min-max normalised over the window (1 the best, 0 the worst), so λ
 * weighs the same whatever scale the ranker scores on. A list no ranker ordered (retrieval
 * order: its scores are the sources' own and not comparable) gets the position score
 * {@code (w − i)/w} instead. A candidate without a vector is similar to nothing; if the vectors
 * cannot be read the list is re-ordered by relevance and channel alone.
 *
 * <p>With λ = 1 and no channel penalty it changes nothing; the first place always keeps the
 * most relevant candidate (nothing is placed yet, so no penalty applies).
 */
public final class MaximalMarginalRelevance implements PostProcessor {
    private static final Logger LOG = Logger.getLogger(MaximalMarginalRelevance.class.getName());

    /** The vectors of the retrieval version that serves the request (unknown ids absent). */
    @FunctionalInterface
    public interface Embeddings {
        Map<String, float[]> vectors(FeedRequest request, Collection<String> videoIds);

        Embeddings NONE = (request, ids) -> Map.of();

        static Embeddings of(VectorIndex index) {
            return (request, ids) -> index.vectors(ids);
        }
    }

    /**
     * @param lambda         weight of relevance against similarity, in [0, 1]; 1 = embeddings play no part
     * @param windowFactor   candidates considered = limit × this (≥ 1)
     * @param channelPenalty subtracted when the channel is one of the last {@code channelGap} placed (≥ 0; 0 = off)
     * @param channelGap     how many of the last placed a channel must not be among to avoid the penalty (≥ 1)
     * @param maxPerChannel  places a channel may take (the feed's channel cap, which runs after this step;
     *                       0 = no limit): a capped channel's videos are not placed, so the cap never
     *                       takes one out of the spread page and leaves two of a channel side by side
     */
    public record Params(double lambda, int windowFactor, double channelPenalty, int channelGap, int maxPerChannel) {
        public Params(double lambda, int windowFactor, double channelPenalty, int channelGap) {
            this(lambda, windowFactor, channelPenalty, channelGap, 0);
        }

        public Params {
            if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be in [0, 1], was " + lambda);
            if (windowFactor < 1) throw new IllegalArgumentException("windowFactor must be >= 1, was " + windowFactor);
            if (!(channelPenalty >= 0)) throw new IllegalArgumentException("channelPenalty must be >= 0, was " + channelPenalty);
            if (channelGap < 1) throw new IllegalArgumentException("channelGap must be >= 1, was " + channelGap);
            if (maxPerChannel < 0) throw new IllegalArgumentException("maxPerChannel must be >= 0, was " + maxPerChannel);
        }

        boolean changesNothing() {
            return lambda == 1 && channelPenalty == 0;
        }
    }

    private final Params params;
    private final Embeddings embeddings;

    public MaximalMarginalRelevance(Params params, Embeddings embeddings) {
        this.params = Objects.requireNonNull(params, "params");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    }

    public Params params() {
        return params;
    }

    @Override
    public List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> ranked) {
        return apply(request, user, ranked, true);
    }

    @Override
    public List<Candidate> apply(FeedRequest request, UserFeatures user, List<Candidate> candidates, boolean ranked) {
        int window = (int) Math.min(candidates.size(), (long) request.limit() * params.windowFactor());
        if (window < 2 || params.changesNothing()) return candidates;
        List<Candidate> head = candidates.subList(0, window);
        double[] relevance = ranked ? normalisedScores(head) : positionScores(window);
        float[][] vectors = params.lambda() < 1 ? vectors(request, head) : new float[window][];

        int places = Math.min(window, request.limit());
        double similarityWeight = 1 - params.lambda();
        double[] maxSimilarity = new double[window]; // ≥ 0: an opposite video is no more novel than an unrelated one
        boolean[] placed = new boolean[window];
        String[] lastChannels = new String[params.channelGap()];
        var perChannel = new HashMap<String, Integer>();
        var out = new ArrayList<Candidate>(candidates.size());
        for (int p = 0; p < places; p++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < window; i++) {
                if (placed[i] || capped(perChannel, head.get(i).channelId())) continue;
                double value = params.lambda() * relevance[i] - similarityWeight * maxSimilarity[i];
                if (params.channelPenalty() > 0 && recent(lastChannels, head.get(i).channelId())) value -= params.channelPenalty();
                if (value > bestValue) { // strictly: ties keep the ranking's order
                    bestValue = value;
                    best = i;
                }
            }
            if (best < 0) break; // every video left is of a capped channel: the window's order, the cap moves them
            placed[best] = true;
            out.add(head.get(best));
            String channel = head.get(best).channelId();
            lastChannels[p % lastChannels.length] = channel;
            if (channel != null) perChannel.merge(channel, 1, Integer::sum);
            float[] chosen = vectors[best];
            if (chosen != null && similarityWeight > 0) {
                for (int i = 0; i < window; i++) {
                    if (placed[i] || vectors[i] == null) continue;
                    double s = dot(chosen, vectors[i]);
                    if (s > maxSimilarity[i]) maxSimilarity[i] = s;
                }
            }
        }
        for (int i = 0; i < window; i++) if (!placed[i]) out.add(head.get(i));
        out.addAll(candidates.subList(window, candidates.size()));
        return out;
    }

    private boolean capped(Map<String, Integer> perChannel, String channel) {
        return params.maxPerChannel() > 0 && channel != null && perChannel.getOrDefault(channel, 0) >= params.maxPerChannel();
    }

    private static boolean recent(String[] lastChannels, String channel) {
        if (channel == null) return false;
        for (String c : lastChannels) if (channel.equals(c)) return true;
        return false;
    }

    /** Unit-length copies (an index stores unit vectors, but a foreign one need not); null: none or unusable. */
    private float[][] vectors(FeedRequest request, List<Candidate> head) {
        var ids = new ArrayList<String>(head.size());
        for (Candidate c : head) ids.add(c.videoId());
        Map<String, float[]> known;
        try {
            known = embeddings.vectors(request, ids);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "video vectors unavailable, diversifying by channel only: {0}", e.toString());
            known = Map.of();
        }
        var out = new float[head.size()][];
        int dimension = -1;
        for (int i = 0; i < out.length; i++) {
            float[] v = known.get(ids.get(i));
            if (v == null || v.length == 0) continue;
            if (dimension < 0) dimension = v.length;
            if (v.length != dimension) continue;
            out[i] = unit(v);
        }
        return out;
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        if (!(sum > 0) || !Double.isFinite(sum)) return null;
        if (Math.abs(sum - 1) < 1e-6) return v;
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /**
     * The score each candidate would be served with ({@link FeedItem#ranked}: the lowest score down to
     * it), then (s − min)/(max − min) over the window; all 1 when the scores are equal. The served
     * score rather than the raw one because a ranker's order is not always its score order (its
     * retrieval window keeps it near the merge order): relevance then never rises down the list, so
     * MMR trades the ranker's order only for diversity, never re-sorts it by raw score.
     */
    static double[] normalisedScores(List<Candidate> head) {
        var served = new double[head.size()];
        double running = Double.POSITIVE_INFINITY;
        for (int i = 0; i < served.length; i++) {
            double s = head.get(i).score();
            if (!Double.isNaN(s) && s < running) running = s;
            served[i] = running;
        }
        double max = served[0], min = served[served.length - 1];
        double range = max - min;
        var out = new double[served.length];
        for (int i = 0; i < out.length; i++) out[i] = !(range > 0) || !Double.isFinite(range) ? 1 : (served[i] - min) / range;
        return out;
    }

    private static double[] positionScores(int window) {
        var out = new double[window];
        for (int i = 0; i < window; i++) out[i] = (double) (window - i) / window;
        return out;
    }
}
