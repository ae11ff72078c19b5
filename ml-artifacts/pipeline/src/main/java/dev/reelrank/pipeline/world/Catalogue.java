package dev.reelrank.pipeline.world;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.ArraySampler;

/**
 * Channels and videos of the generated world, in primitive arrays (1M videos ≈ 40 MB), plus the
 * samplers the simulated "previous recommender" uses to choose what to show: by global and
 * regional exposure, by topic, and by channel.
 */
public final class Catalogue {
    private static final long DAY = 86_400_000L;

    final WorldConfig config;
    // channels
    final short[] channelTopic;
    final byte[] channelRegion;
    final byte[] channelLanguage;
    final double[] channelFame;
    // videos
    final int[] channel;
    final short[] primary, secondary;
    final float[] quality;
    final int[] duration;
    final long[] published;
    final boolean[] viral;
    final byte[] language, region;
    final double[] exposure;
    final String[] videoId, channelId;
    // samplers
    final double[] topicShare;
    final AliasTable topicSampler, global;
    final AliasTable[] byTopic, byRegion;
    final int[] channelStart, channelVideos;

    Catalogue(WorldConfig c) {
        config = c;
        var rnd = Seeds.generator(c.seed(), Seeds.CATALOGUE, 0);
        int topics = c.topics(), regions = Vocabulary.REGIONS.size();

        // Topic popularity: Zipf over a random order of topics, so "music-0" is not always the biggest.
        topicShare = new double[topics];
        int[] perm = permutation(topics, rnd);
        for (int i = 0; i < topics; i++) topicShare[perm[i]] = 1 / Math.pow(i + 1, 0.8);
        topicSampler = new AliasTable(topicShare);
        double[] regionShare = Vocabulary.REGIONS.stream().mapToDouble(Vocabulary.Region::share).toArray();
        var regionSampler = new AliasTable(regionShare);

        int nc = c.channels();
        channelTopic = new short[nc]; channelRegion = new byte[nc]; channelLanguage = new byte[nc];
        channelFame = new double[nc]; channelId = new String[nc];
        double[] channelSize = new double[nc];
        for (int ch = 0; ch < nc; ch++) {
            channelTopic[ch] = (short) topicSampler.sample(rnd);
            int r = regionSampler.sample(rnd);
            channelRegion[ch] = (byte) r;
            String lang = rnd.nextDouble() < 0.85 ? Vocabulary.REGIONS.get(r).language() : "en";
            channelLanguage[ch] = (byte) Vocabulary.languageIndex(lang);
            // Power-law channel sizes: channel 0 is the biggest; fame follows size with noise.
            channelSize[ch] = 1 / Math.pow(ch + 1, 0.9);
            channelFame[ch] = Math.sqrt(channelSize[ch]) * Math.exp(0.5 * Seeds.gaussian(rnd));
            channelId[ch] = c.idPrefix() + "c" + ch;
        }
        var channelSampler = new AliasTable(channelSize);

        int nv = c.videos();
        channel = new int[nv]; primary = new short[nv]; secondary = new short[nv]; quality = new float[nv];
        duration = new int[nv]; published = new long[nv]; viral = new boolean[nv]; language = new byte[nv];
        region = new byte[nv]; exposure = new double[nv]; videoId = new String[nv];
        long start = c.startMs(), span = c.spanMs();
        for (int v = 0; v < nv; v++) {
            int ch = channelSampler.sample(rnd);
            channel[v] = ch;
            primary[v] = rnd.nextDouble() < 0.8 ? channelTopic[ch] : (short) topicSampler.sample(rnd);
            secondary[v] = rnd.nextDouble() < 0.5
                    ? (short) (primary[v] / c.topicsPerCategory() * c.topicsPerCategory() + rnd.nextInt(c.topicsPerCategory()))
                    : (short) topicSampler.sample(rnd);
            quality[v] = (float) (0.3 + 0.7 * Math.sqrt(rnd.nextDouble()));
            duration[v] = rnd.nextDouble() < 0.15 ? 15 + rnd.nextInt(46)
                    : (int) Math.max(61, Math.min(10_800, Math.exp(Math.log(480) + 0.9 * Seeds.gaussian(rnd))));
            if (c.durationScale() != 1) duration[v] = (int) Math.max(1, Math.round(duration[v] * c.durationScale()));
            published[v] = rnd.nextDouble() < 0.8 ? start - (long) (rnd.nextDouble() * 730 * DAY) : start + (long) (rnd.nextDouble() * span);
            language[v] = channelLanguage[ch];
            region[v] = channelRegion[ch];
            exposure[v] = channelFame[ch] * quality[v] * quality[v] * Math.exp(0.7 * Seeds.gaussian(rnd));
            videoId[v] = c.idPrefix() + "v" + v;
        }
        // A few viral videos: uploaded during the period, shown very often for a few days after upload.
        for (int i = 0; i < Math.min(c.viralVideos(), nv); i++) {
            int v = rnd.nextInt(nv);
            viral[v] = true;
            published[v] = start + (long) (rnd.nextDouble() * Math.max(DAY, span - 2 * DAY));
            quality[v] = Math.max(quality[v], 0.9f);
            exposure[v] = 0;
        }
        double maxExposure = 0;
        for (double e : exposure) maxExposure = Math.max(maxExposure, e);
        for (int v = 0; v < nv; v++) if (viral[v]) exposure[v] = maxExposure * 3;

        global = new AliasTable(exposure);
        byTopic = groupedSamplers(primary, topics);
        byRegion = groupedSamplers(region, regions);
        channelStart = new int[nc + 1];
        for (int v = 0; v < nv; v++) channelStart[channel[v] + 1]++;
        for (int ch = 0; ch < nc; ch++) channelStart[ch + 1] += channelStart[ch];
        channelVideos = new int[nv];
        int[] next = java.util.Arrays.copyOf(channelStart, nc);
        for (int v = 0; v < nv; v++) channelVideos[next[channel[v]]++] = v;
    }

    /** One exposure-weighted sampler per group value (null for an empty group). */
    private AliasTable[] groupedSamplers(short[] group, int groups) {
        int[] g = new int[group.length];
        for (int i = 0; i < g.length; i++) g[i] = group[i];
        return grouped(g, groups);
    }

    private AliasTable[] groupedSamplers(byte[] group, int groups) {
        int[] g = new int[group.length];
        for (int i = 0; i < g.length; i++) g[i] = group[i];
        return grouped(g, groups);
    }

    private AliasTable[] grouped(int[] group, int groups) {
        int[] count = new int[groups];
        for (int x : group) count[x]++;
        int[][] members = new int[groups][];
        double[][] weights = new double[groups][];
        for (int k = 0; k < groups; k++) { members[k] = new int[count[k]]; weights[k] = new double[count[k]]; }
        int[] fill = new int[groups];
        for (int v = 0; v < group.length; v++) {
            int k = group[v];
            members[k][fill[k]] = v;
            weights[k][fill[k]++] = exposure[v] + 1e-12;
        }
        var out = new AliasTable[groups];
        for (int k = 0; k < groups; k++) if (count[k] > 0) out[k] = new AliasTable(weights[k], members[k]);
        return out;
    }

    static int[] permutation(int n, UniformRandomProvider rnd) {
        return ArraySampler.shuffle(rnd, java.util.stream.IntStream.range(0, n).toArray());
    }

    public int videos() {
        return channel.length;
    }
}
