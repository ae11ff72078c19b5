package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.Labels;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Item-to-item co-occurrence: sim(i, j) = users who engaged with both / sqrt(users of i × users of j)
 * (cosine on binary engagement), over training rows only; each item keeps its {@code neighbours}
 * most similar items. A user's score for item j is the sum of sim(h, j) over the videos h in the
 * user's recent engaged history (from {@link UserFeatures#getRecentList()}).
 *
 * @see ItemKnnSource
 * @see ItemKnnRanker
 */
public final class ItemKnn {
    final Dataset data;
    private final int[] start;
    private final int[] item;
    private final float[] sim;
    private final ThreadLocal<float[]> scratch;

    /**
     * @param neighbours     neighbours kept per item
     * @param maxUserHistory only each user's latest engaged videos count (bounds the quadratic cost of heavy users)
     */
    public ItemKnn(TrainingData train, int neighbours, int maxUserHistory, int threads) {
        data = train.data;
        Dataset d = train.data;
        int users = d.userCount(), videos = d.videoCount();
        // Distinct engaged videos per user, latest kept.
        int[] uStart = new int[users + 1];
        int[] uItems = new int[16];
        int n = 0;
        int[] mark = new int[videos];
        Arrays.fill(mark, -1);
        int[][] perUser = new int[users][];
        for (int u = 0; u < users; u++) {
            int[] rows = train.trainRows(u);
            int[] buf = new int[Math.min(rows.length, maxUserHistory)];
            int c = 0;
            for (int k = rows.length - 1; k >= 0 && c < buf.length; k--) {
                int r = rows[k], v = d.video[r];
                if (v >= 0 && Labels.engaged(d, r) && mark[v] != u) { mark[v] = u; buf[c++] = v; }
            }
            perUser[u] = Arrays.copyOf(buf, c);
        }
        for (int u = 0; u < users; u++) {
            uStart[u + 1] = uStart[u] + perUser[u].length;
            if (uStart[u + 1] > uItems.length) uItems = Arrays.copyOf(uItems, Math.max(uStart[u + 1], uItems.length * 2));
            System.arraycopy(perUser[u], 0, uItems, uStart[u], perUser[u].length);
        }
        n = uStart[users];
        int[] iCount = new int[videos];
        for (int k = 0; k < n; k++) iCount[uItems[k]]++;
        int[] iStart = new int[videos + 1];
        for (int v = 0; v < videos; v++) iStart[v + 1] = iStart[v] + iCount[v];
        int[] iUsers = new int[n];
        int[] next = Arrays.copyOf(iStart, videos);
        for (int u = 0; u < users; u++) for (int k = uStart[u]; k < uStart[u + 1]; k++) iUsers[next[uItems[k]]++] = u;

        // Neighbour lists, items split among threads.
        int[][] nbItems = new int[videos][];
        float[][] nbSims = new float[videos][];
        final int[] fItems = uItems;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new java.util.ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    int[] count = new int[videos];
                    int[] touched = new int[videos];
                    for (int i = first; i < videos; i += threads) {
                        int nt = 0;
                        for (int a = iStart[i]; a < iStart[i + 1]; a++) {
                            int u = iUsers[a];
                            for (int b = uStart[u]; b < uStart[u + 1]; b++) {
                                int j = fItems[b];
                                if (j == i) continue;
                                if (count[j]++ == 0) touched[nt++] = j;
                            }
                        }
                        long[] keyed = new long[nt];
                        float[] s = new float[nt]; // similarities of the touched items
                        for (int x = 0; x < nt; x++) {
                            int j = touched[x];
                            s[x] = (float) (count[j] / Math.sqrt((double) iCount[i] * iCount[j]));
                            // Sort key: similarity descending, then item ascending (deterministic ties).
                            keyed[x] = descending(s[x], j);
                            count[j] = 0;
                        }
                        Arrays.sort(keyed);
                        int keep = Math.min(neighbours, nt);
                        int[] ni = new int[keep];
                        float[] ns = new float[keep];
                        for (int x = 0; x < keep; x++) {
                            ni[x] = (int) keyed[x];
                            ns[x] = valueOf(keyed[x]);
                        }
                        nbItems[i] = ni;
                        nbSims[i] = ns;
                    }
                }));
            }
            for (var f : futures) f.get();
        } catch (Exception e) {
            throw new IllegalStateException("item kNN build failed", e);
        } finally {
            pool.shutdownNow();
        }
        start = new int[videos + 1];
        for (int v = 0; v < videos; v++) start[v + 1] = start[v] + nbItems[v].length;
        item = new int[start[videos]];
        sim = new float[start[videos]];
        for (int v = 0; v < videos; v++) {
            System.arraycopy(nbItems[v], 0, item, start[v], nbItems[v].length);
            System.arraycopy(nbSims[v], 0, sim, start[v], nbSims[v].length);
        }
        scratch = ThreadLocal.withInitial(() -> new float[videos]);
    }

    /** The user's recent engaged videos (dataset ids), newest first, distinct. */
    int[] history(UserFeatures user) {
        int[] out = new int[user.getRecentCount()];
        int c = 0;
        for (HistoryEntry h : user.getRecentList()) {
            Action a = h.getAction();
            if (a != Action.click && a != Action.watch && a != Action.like && a != Action.share) continue;
            int v = data.videos.find(h.getVideoId());
            if (v < 0) continue;
            boolean dup = false;
            for (int k = 0; k < c && !dup; k++) dup = out[k] == v;
            if (!dup) out[c++] = v;
        }
        return Arrays.copyOf(out, c);
    }

    /** Top-n items by summed similarity to the history, history items excluded; ids and scores best first. */
    Scored recommend(int[] history, int n) {
        float[] acc = scratch.get();
        int[] touched = new int[Math.max(16, history.length * 64)];
        int nt = 0;
        for (int h : history) {
            for (int k = start[h]; k < start[h + 1]; k++) {
                int j = item[k];
                if (acc[j] == 0) {
                    if (nt == touched.length) touched = Arrays.copyOf(touched, nt * 2);
                    touched[nt++] = j;
                }
                acc[j] += sim[k];
            }
        }
        for (int h : history) acc[h] = -1;
        long[] keyed = new long[nt];
        int m = 0;
        for (int x = 0; x < nt; x++) {
            int j = touched[x];
            if (acc[j] > 0) keyed[m++] = descending(acc[j], j);
        }
        Arrays.sort(keyed, 0, m);
        int keep = Math.min(n, m);
        int[] ids = new int[keep];
        double[] scores = new double[keep];
        for (int x = 0; x < keep; x++) {
            ids[x] = (int) keyed[x];
            scores[x] = acc[ids[x]];
        }
        for (int x = 0; x < nt; x++) acc[touched[x]] = 0;
        for (int h : history) acc[h] = 0;
        return new Scored(ids, scores);
    }

    /** Summed similarity of one candidate to the history. */
    double score(int[] history, int candidate) {
        double s = 0;
        for (int h : history) {
            for (int k = start[h]; k < start[h + 1]; k++) if (item[k] == candidate) { s += sim[k]; break; }
        }
        return s;
    }

    record Scored(int[] ids, double[] scores) {}

    /** A long that sorts ascending by value descending, then id ascending (value > 0: float bits are monotonic). */
    static long descending(float value, int id) {
        return ((long) (Integer.MAX_VALUE - Float.floatToIntBits(value)) << 32) | id;
    }

    static float valueOf(long key) {
        return Float.intBitsToFloat(Integer.MAX_VALUE - (int) (key >>> 32));
    }
}
