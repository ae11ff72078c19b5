package dev.reelrank.pipeline.world;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The users of the generated world: home region and language, a device mix, latent interests over
 * topics at the start and at the end of the period (the drift), initial subscriptions and an
 * activity level (power law: a few heavy users). Interests and subscriptions are CSR arrays.
 */
public final class Population {
    final byte[] region, language, primaryDevice, secondaryDevice;
    final float[] primaryShare, clickBias;
    final int[] interestStart;
    final short[] interestTopic;
    final float[] interestW0, interestW1;
    final int[] subStart, subs;
    /** Events each user produces; sums exactly to the requested total. */
    final long[] quota;
    final String[] userId;

    Population(WorldConfig c, Catalogue cat) {
        int n = c.users();
        region = new byte[n]; language = new byte[n]; primaryDevice = new byte[n]; secondaryDevice = new byte[n];
        primaryShare = new float[n]; clickBias = new float[n]; userId = new String[n];
        double[] activity = new double[n];
        var regionSampler = new AliasTable(Vocabulary.REGIONS.stream().mapToDouble(Vocabulary.Region::share).toArray());
        var deviceSampler = new AliasTable(Vocabulary.DEVICE_SHARES);
        interestStart = new int[n + 1];
        short[] topics = new short[n * 8];
        float[] w0 = new float[n * 8], w1 = new float[n * 8];
        subStart = new int[n + 1];
        int[] subBuf = new int[n * 4];
        int ti = 0, si = 0;
        for (int u = 0; u < n; u++) {
            UniformRandomProvider r = Seeds.generator(c.seed(), Seeds.USERS, u);
            userId[u] = c.idPrefix() + "u" + u;
            int reg = regionSampler.sample(r);
            region[u] = (byte) reg;
            language[u] = (byte) Vocabulary.languageIndex(r.nextDouble() < 0.9 ? Vocabulary.REGIONS.get(reg).language() : "en");
            primaryDevice[u] = (byte) deviceSampler.sample(r);
            secondaryDevice[u] = (byte) r.nextInt(Vocabulary.DEVICES.size());
            primaryShare[u] = (float) (0.6 + 0.35 * r.nextDouble());
            clickBias[u] = (float) (0.3 * Seeds.gaussian(r));
            activity[u] = Math.min(200, Math.pow(1 - r.nextDouble(), -1 / 1.6));

            // Interests: 1–5 topics drawn by topic popularity; drift replaces one (sometimes two) by new ones.
            int k = 1 + r.nextInt(5);
            int[] start = distinctTopics(cat, r, k, null);
            double[] ws = exponentials(r, k);
            int[] end = start.clone();
            double[] we = ws.clone();
            int changes = r.nextDouble() < 0.7 ? 1 : 2;
            for (int x = 0; x < Math.min(changes, k); x++) {
                int slot = r.nextInt(k);
                end[slot] = distinctTopics(cat, r, 1, end)[0];
                we[slot] = -Math.log(1 - r.nextDouble());
            }
            normalize(we);
            // Union of start and end topics with both weights (0 where absent).
            if (ti + 2 * k > topics.length) {
                int len = Math.max(topics.length * 2, ti + 2 * k);
                topics = Arrays.copyOf(topics, len); w0 = Arrays.copyOf(w0, len); w1 = Arrays.copyOf(w1, len);
            }
            int from = ti;
            for (int i = 0; i < k; i++) { topics[ti] = (short) start[i]; w0[ti] = (float) ws[i]; w1[ti] = 0; ti++; }
            for (int i = 0; i < k; i++) {
                int found = -1;
                for (int j = from; j < ti; j++) if (topics[j] == end[i]) found = j;
                if (found < 0) { topics[ti] = (short) end[i]; w0[ti] = 0; found = ti++; }
                w1[found] += (float) we[i];
            }
            interestStart[u + 1] = ti;

            // Initial subscriptions: 0–6 channels of videos from the user's topics.
            int nsubs = r.nextInt(7);
            if (si + nsubs > subBuf.length) subBuf = Arrays.copyOf(subBuf, Math.max(subBuf.length * 2, si + nsubs));
            for (int s = 0; s < nsubs; s++) {
                AliasTable t = cat.byTopic[start[r.nextInt(k)]];
                if (t == null) continue;
                int ch = cat.channel[t.sample(r)];
                boolean dup = false;
                for (int j = subStart[u]; j < si; j++) dup |= subBuf[j] == ch;
                if (!dup) subBuf[si++] = ch;
            }
            subStart[u + 1] = si;
        }
        interestTopic = Arrays.copyOf(topics, ti);
        interestW0 = Arrays.copyOf(w0, ti);
        interestW1 = Arrays.copyOf(w1, ti);
        subs = Arrays.copyOf(subBuf, si);
        quota = apportion(activity, c.interactions());
    }

    private static int[] distinctTopics(Catalogue cat, UniformRandomProvider r, int k, int[] avoid) {
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            int t;
            int tries = 0;
            do {
                t = cat.topicSampler.sample(r);
            } while (tries++ < 50 && (contains(out, i, t) || (avoid != null && contains(avoid, avoid.length, t))));
            out[i] = t;
        }
        return out;
    }

    private static boolean contains(int[] a, int n, int x) {
        for (int i = 0; i < n; i++) if (a[i] == x) return true;
        return false;
    }

    private static double[] exponentials(UniformRandomProvider r, int k) {
        double[] w = new double[k];
        for (int i = 0; i < k; i++) w[i] = -Math.log(1 - r.nextDouble());
        normalize(w);
        return w;
    }

    private static void normalize(double[] w) {
        double s = 0;
        for (double x : w) s += x;
        for (int i = 0; i < w.length; i++) w[i] /= s;
    }

    /** Integer shares of {@code total} proportional to {@code weights}, summing exactly to it (cumulative rounding). */
    static long[] apportion(double[] weights, long total) {
        double sum = 0;
        for (double w : weights) sum += w;
        long[] out = new long[weights.length];
        double cum = 0;
        long assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            cum += weights[i];
            long upTo = i == weights.length - 1 ? total : Math.round(total * (cum / sum));
            out[i] = upTo - assigned;
            assigned = upTo;
        }
        return out;
    }

    public int users() {
        return region.length;
    }
}
