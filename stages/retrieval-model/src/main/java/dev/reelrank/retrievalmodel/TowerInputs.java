package dev.reelrank.retrievalmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Packs encoded users/videos into the NDLists the towers read. Ids become int64 (what
 * PyTorch's embedding lookup wants), weights float32.
 *
 * <p>User inputs, in order: history ids [B,H], history weights [B,H], channel ids [B,C], channel
 * weights [B,C], category ids [B,K], category weights [B,K], region [B], device [B].
 * Video inputs: id [N], channel [N], category [N], tags [N,T], tag weights [N,T], language [N],
 * duration bucket [N], age bucket [N].
 */
public final class TowerInputs {
    public static final int USER_ARRAYS = 8;
    public static final int VIDEO_ARRAYS = 8;

    private TowerInputs() {}

    public static NDList users(NDManager m, List<EncodedUser> users) {
        int b = users.size();
        EncodedUser first = users.getFirst();
        int h = first.history().length, c = first.channels().length, k = first.categories().length;
        long[] hist = new long[b * h], ch = new long[b * c], cat = new long[b * k], region = new long[b], device = new long[b];
        float[] histW = new float[b * h], chW = new float[b * c], catW = new float[b * k];
        for (int i = 0; i < b; i++) {
            EncodedUser u = users.get(i);
            copy(u.history(), hist, i * h);
            System.arraycopy(u.historyWeights(), 0, histW, i * h, h);
            copy(u.channels(), ch, i * c);
            System.arraycopy(u.channelWeights(), 0, chW, i * c, c);
            copy(u.categories(), cat, i * k);
            System.arraycopy(u.categoryWeights(), 0, catW, i * k, k);
            region[i] = u.region();
            device[i] = u.device();
        }
        return new NDList(m.create(hist, new Shape(b, h)), m.create(histW, new Shape(b, h)),
                m.create(ch, new Shape(b, c)), m.create(chW, new Shape(b, c)),
                m.create(cat, new Shape(b, k)), m.create(catW, new Shape(b, k)),
                m.create(region), m.create(device));
    }

    public static NDList videos(NDManager m, List<EncodedVideo> videos) {
        int n = videos.size();
        int t = videos.getFirst().tags().length;
        long[] id = new long[n], ch = new long[n], cat = new long[n], lang = new long[n], dur = new long[n], age = new long[n];
        long[] tags = new long[n * t];
        float[] tagW = new float[n * t];
        for (int i = 0; i < n; i++) {
            EncodedVideo v = videos.get(i);
            id[i] = v.id();
            ch[i] = v.channel();
            cat[i] = v.category();
            lang[i] = v.language();
            dur[i] = v.durationBucket();
            age[i] = v.ageBucket();
            int[] vt = v.tags();
            for (int j = 0; j < t; j++) {
                tags[i * t + j] = vt[j];
                tagW[i * t + j] = vt[j] == 0 ? 0f : 1f;
            }
        }
        return new NDList(m.create(id), m.create(ch), m.create(cat), m.create(tags, new Shape(n, t)),
                m.create(tagW, new Shape(n, t)), m.create(lang), m.create(dur), m.create(age));
    }

    /** Input shapes for initializing the block (batch of one). */
    public static Shape[] shapes(ModelConfig c) {
        return new Shape[] {
            new Shape(1, c.historyLength()), new Shape(1, c.historyLength()),
            new Shape(1, c.channelAffinities()), new Shape(1, c.channelAffinities()),
            new Shape(1, c.categoryAffinities()), new Shape(1, c.categoryAffinities()),
            new Shape(1), new Shape(1),
            new Shape(1), new Shape(1), new Shape(1), new Shape(1, c.maxTags()), new Shape(1, c.maxTags()),
            new Shape(1), new Shape(1), new Shape(1),
        };
    }

    static NDList concat(NDList users, NDList videos) {
        NDList all = new NDList(users.size() + videos.size());
        all.addAll(users);
        all.addAll(videos);
        return all;
    }

    private static void copy(int[] src, long[] dst, int offset) {
        for (int i = 0; i < src.length; i++) dst[offset + i] = src[i];
    }

    static NDArray[] slice(NDList list, int from, int count) {
        NDArray[] out = new NDArray[count];
        for (int i = 0; i < count; i++) out[i] = list.get(from + i);
        return out;
    }
}
