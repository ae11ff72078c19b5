package dev.reelrank.pipeline.evaluation;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.Ranker;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.DatasetFiles;
import dev.reelrank.pipeline.io.Csv;
import dev.reelrank.pipeline.io.Gzip;
import dev.reelrank.pipeline.world.AffinityModel;
import dev.reelrank.proto.v1.UserFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The generated world's ground truth read back from its truth files: the true affinity of any
 * user for any video at any time ({@link AffinityModel}), the best achievable top-K, and an
 * oracle {@link CandidateSource} that recommends by true affinity (an upper bound, not a baseline).
 */
public final class WorldTruth {
    private final Dataset d;
    private final long startMs, spanMs;
    private final short[] primary, secondary;
    private final float[] quality;
    private final byte[] videoLanguage, userLanguage;
    private final int[] uStart;
    private short[] topic;
    private float[] w0, w1;
    private final int topics;
    private final ThreadLocal<float[]> dense;

    public static WorldTruth load(Dataset d) {
        return d.manifest.truth() == null ? null : new WorldTruth(d);
    }

    private WorldTruth(Dataset d) {
        this.d = d;
        Map<String, Object> t = d.manifest.truth();
        startMs = ((Number) t.get("startMs")).longValue();
        spanMs = ((Number) t.get("spanMs")).longValue();
        topics = ((List<?>) t.get("topics")).size();
        int nv = d.videoCount(), nu = d.userCount();
        primary = new short[nv]; secondary = new short[nv]; quality = new float[nv]; videoLanguage = new byte[nv];
        userLanguage = new byte[nu];
        uStart = new int[nu + 1];
        var languages = new dev.reelrank.pipeline.datasets.Interner();
        try (BufferedReader r = Gzip.reader(d.dir.resolve(DatasetFiles.TRUTH_VIDEOS))) {
            int[] c = Csv.columns(r.readLine(), DatasetFiles.TRUTH_VIDEOS, "video_id", "primary_topic", "secondary_topic", "quality", "language");
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = Csv.splitPlain(line, ',');
                int v = d.videos.find(f[c[0]]);
                if (v < 0) continue;
                primary[v] = Short.parseShort(f[c[1]]);
                secondary[v] = Short.parseShort(f[c[2]]);
                quality[v] = Float.parseFloat(f[c[3]]);
                videoLanguage[v] = (byte) languages.id(f[c[4]]);
            }
            List<short[]> topicsOf = new ArrayList<>(Collections.nCopies(nu, null));
            List<float[][]> weightsOf = new ArrayList<>(Collections.nCopies(nu, null));
            try (BufferedReader ru = Gzip.reader(d.dir.resolve(DatasetFiles.TRUTH_USERS))) {
                int[] cu = Csv.columns(ru.readLine(), DatasetFiles.TRUTH_USERS, "user_id", "language", "topics_start", "topics_end");
                for (String line; (line = ru.readLine()) != null; ) {
                    String[] f = Csv.splitPlain(line, ',');
                    int u = d.users.find(f[cu[0]]);
                    if (u < 0) continue; // a user without interactions
                    userLanguage[u] = (byte) languages.id(f[cu[1]]);
                    float[] a = new float[topics], b = new float[topics];
                    parse(f[cu[2]], a);
                    parse(f[cu[3]], b);
                    int k = 0;
                    for (int x = 0; x < topics; x++) if (a[x] > 0 || b[x] > 0) k++;
                    short[] ts = new short[k];
                    float[][] ws = new float[2][k];
                    k = 0;
                    for (int x = 0; x < topics; x++) if (a[x] > 0 || b[x] > 0) { ts[k] = (short) x; ws[0][k] = a[x]; ws[1][k++] = b[x]; }
                    topicsOf.set(u, ts);
                    weightsOf.set(u, ws);
                }
            }
            int n = 0;
            for (int u = 0; u < nu; u++) { n += topicsOf.get(u) == null ? 0 : topicsOf.get(u).length; uStart[u + 1] = n; }
            topic = new short[n]; w0 = new float[n]; w1 = new float[n];
            for (int u = 0; u < nu; u++) {
                if (topicsOf.get(u) == null) continue;
                System.arraycopy(topicsOf.get(u), 0, topic, uStart[u], topicsOf.get(u).length);
                System.arraycopy(weightsOf.get(u)[0], 0, w0, uStart[u], topicsOf.get(u).length);
                System.arraycopy(weightsOf.get(u)[1], 0, w1, uStart[u], topicsOf.get(u).length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dense = ThreadLocal.withInitial(() -> new float[topics]);
    }

    private static void parse(String s, float[] into) {
        if (s.isEmpty()) return;
        for (String part : s.split("\\|")) {
            int colon = part.indexOf(':');
            into[Integer.parseInt(part.substring(0, colon))] = Float.parseFloat(part.substring(colon + 1));
        }
    }

    /** True affinities of user u at time t for the given videos (-1 entries get 0). */
    public double[] affinities(int u, long time, int[] videos) {
        float[] in = interests(u, time);
        try {
            double[] out = new double[videos.length];
            for (int k = 0; k < videos.length; k++) out[k] = videos[k] < 0 ? 0 : affinity(in, u, videos[k]);
            return out;
        } finally {
            AffinityModel.clear(in, topic, uStart[u], uStart[u + 1]);
        }
    }

    /**
     * The best achievable top list at time t: videos published by then, not in {@code excluded},
     * by true affinity; returns up to {@code k} dataset video ids, best first.
     */
    public int[] best(int u, long time, BitSet excluded, int k) {
        float[] in = interests(u, time);
        try {
            // Bounded min-heap of (affinity, video) packed as sortable longs.
            long[] heap = new long[k];
            int size = 0;
            for (int v = 0; v < primary.length; v++) {
                if (excluded != null && excluded.get(v)) continue;
                if (d.videoPublished[v] != Dataset.NO_TIME && d.videoPublished[v] > time) continue;
                double a = affinity(in, u, v);
                if (a <= 0) continue;
                long key = ((long) Float.floatToIntBits((float) a) << 32) | (Integer.MAX_VALUE - v);
                if (size < k) { heap[size++] = key; siftUp(heap, size - 1); }
                else if (key > heap[0]) { heap[0] = key; siftDown(heap, size); }
            }
            long[] sorted = Arrays.copyOf(heap, size);
            Arrays.sort(sorted);
            int[] out = new int[size];
            for (int i = 0; i < size; i++) out[i] = Integer.MAX_VALUE - (int) sorted[size - 1 - i];
            return out;
        } finally {
            AffinityModel.clear(in, topic, uStart[u], uStart[u + 1]);
        }
    }

    private float[] interests(int u, long time) {
        float[] in = dense.get();
        AffinityModel.interests(in, topic, w0, w1, uStart[u], uStart[u + 1], AffinityModel.lambda(time, startMs, spanMs));
        return in;
    }

    private double affinity(float[] in, int u, int v) {
        return AffinityModel.affinity(quality[v], in[primary[v]], in[secondary[v]], videoLanguage[v] == userLanguage[u]);
    }

    private static void siftUp(long[] h, int i) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (h[p] <= h[i]) return;
            long t = h[p]; h[p] = h[i]; h[i] = t; i = p;
        }
    }

    private static void siftDown(long[] h, int n) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < n && h[l] < h[m]) m = l;
            if (r < n && h[r] < h[m]) m = r;
            if (m == i) return;
            long t = h[m]; h[m] = h[i]; h[i] = t; i = m;
        }
    }

    /**
     * Orders a slate by the user's true affinity at the request's time: the ranking ceiling (clicks
     * also depend on position, freshness and noise, so not an AUC of 1). Scores are affinities.
     */
    public Ranker affinityRanker() {
        return (request, user, candidates) -> {
            int u = d.users.find(request.userId());
            int[] vids = new int[candidates.size()];
            for (int i = 0; i < vids.length; i++) vids[i] = d.videos.find(candidates.get(i).videoId());
            double[] a = u < 0 || request.context().localTime() == null ? new double[vids.length]
                    : affinities(u, request.context().localTime().toEpochMilli(), vids);
            var out = new ArrayList<Candidate>(vids.length);
            for (int i = 0; i < vids.length; i++) out.add(candidates.get(i).withScore(a[i]));
            out.sort(java.util.Comparator.comparingDouble(Candidate::score).reversed());
            return new Ranker.Ranking("true-affinity", out);
        };
    }

    /** Recommends by true affinity at the request's time: the ceiling every real system is measured against. */
    public CandidateSource oracleSource() {
        return new CandidateSource() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
                int u = d.users.find(request.userId());
                if (u < 0 || request.context().localTime() == null) return List.of();
                int[] best = best(u, request.context().localTime().toEpochMilli(), null, quota);
                var out = new ArrayList<Candidate>(best.length);
                for (int i = 0; i < best.length; i++) out.add(Candidate.of(d.videos.value(best[i]), null, best.length - i, "oracle"));
                return out;
            }
        };
    }
}
